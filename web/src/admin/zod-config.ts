// `config` alone, not the `z` namespace object: that would pull all of zod into the bundle
// (240 KB → 595 KB), where esbuild otherwise keeps only what the console uses.
import { config } from 'zod';

// Imported first by main.ts, so it runs before any schema is built. Otherwise zod probes for
// eval with `new Function("")` when it builds the first object schema; the console's CSP
// forbids eval, so the probe is refused and Chromium logs a CSP issue (Lighthouse best
// practices 96). Jitless, zod skips the probe; under that CSP it could not compile parsers
// anyway, so parsing is as before.
config({ jitless: true });
