// Bundled in place of `zod/v4/core` (see infra/bundle-plugins.mjs): hono-openapi's JSON Schema step
// imports that whole entry for one function, and with it every translated error message zod
// ships. zod's main entry has the same function.
export { toJSONSchema } from 'zod';
