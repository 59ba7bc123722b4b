/**
 * Writes `.sst/platform/` (SST's platform: its component sources, `config.d.ts` and their npm
 * dependencies) without the internet beyond the npm registry, so `npm run typecheck:infra`
 * can check infra/ and sst.config.ts against the real component argument types.
 *
 * `sst install` would write the same directory, but it first fetches Pulumi and the provider
 * plugins from the internet. The platform's sources are not downloaded by SST: they are
 * embedded (Go `//go:embed`, stored uncompressed) in the `sst` binary that npm already
 * installed as `sst-<os>-<arch>`. This script reads them out of that binary, installs the
 * platform's own package.json dependencies with npm, and writes `config.d.ts` the way SST's
 * `writeTypes` does for the one provider this app uses (aws).
 *
 * Skips everything when `.sst/platform/` was written by SST itself (it has a `version` file)
 * or by an earlier run of this script for the same SST version.
 *
 * Usage: tsx scripts/setup-sst-platform.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platformDir = join(root, '.sst', 'platform');
const marker = join(platformDir, '.scc-extracted');

/** One file of a Go `embed.FS`: its path (directories end in `/`) and its bytes. */
interface EmbeddedFile {
  name: string;
  data: Buffer;
}

/** The npm package holding the sst binary for this machine, e.g. `sst-linux-x64`. */
function sstBinaryPackage(): string {
  const os = process.platform;
  const arch = process.arch === 'x64' ? 'x64' : process.arch === 'arm64' ? 'arm64' : process.arch;
  if (os !== 'linux') {
    // The reader below understands ELF only; macOS binaries are Mach-O. Run `sst install`
    // there instead (it has the internet).
    throw new Error(`setup-sst-platform reads Linux (ELF) binaries only, not ${os}: run \`npx sst install\``);
  }
  const require = createRequire(join(root, 'package.json'));
  return dirname(require.resolve(`sst-${os}-${arch}/package.json`));
}

/** Maps virtual addresses to file offsets through the ELF64 program headers (PT_LOAD). */
function elfSegments(bin: Buffer): Array<{ offset: number; vaddr: number; size: number }> {
  if (bin.readUInt32BE(0) !== 0x7f454c46 || bin[4] !== 2 || bin[5] !== 1) {
    throw new Error('the sst binary is not a 64-bit little-endian ELF file');
  }
  const phoff = Number(bin.readBigUInt64LE(0x20));
  const phentsize = bin.readUInt16LE(0x36);
  const phnum = bin.readUInt16LE(0x38);
  const segments = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (bin.readUInt32LE(at) !== 1) continue; // PT_LOAD
    segments.push({
      offset: Number(bin.readBigUInt64LE(at + 8)),
      vaddr: Number(bin.readBigUInt64LE(at + 16)),
      size: Number(bin.readBigUInt64LE(at + 32)), // p_filesz
    });
  }
  return segments;
}

/**
 * Finds the platform's `embed.FS` in the binary. Go stores it as an array of
 * `{ name string; data string; hash [16]byte }` (48 bytes: two pointer/length pairs and the
 * hash), sorted by path. A path known to be in it is found as text, its address is searched
 * as a pointer/length pair, and the array is walked from there in both directions for as long
 * as the entries are well-formed.
 */
export function readEmbeddedPlatform(bin: Buffer, anchor = 'src/components/aws/function.ts'): EmbeddedFile[] {
  const segments = elfSegments(bin);
  const toOffset = (vaddr: number, length: number): number | undefined => {
    const s = segments.find((seg) => vaddr >= seg.vaddr && vaddr + length <= seg.vaddr + seg.size);
    return s ? vaddr - s.vaddr + s.offset : undefined;
  };
  const toVaddr = (offset: number): number | undefined => {
    const s = segments.find((seg) => offset >= seg.offset && offset < seg.offset + seg.size);
    return s ? offset - s.offset + s.vaddr : undefined;
  };
  const entryAt = (at: number): EmbeddedFile | undefined => {
    if (at < 0 || at + 48 > bin.length) return undefined;
    const namePtr = Number(bin.readBigUInt64LE(at));
    const nameLen = Number(bin.readBigUInt64LE(at + 8));
    const dataPtr = Number(bin.readBigUInt64LE(at + 16));
    const dataLen = Number(bin.readBigUInt64LE(at + 24));
    if (nameLen < 1 || nameLen > 512) return undefined;
    const nameOff = toOffset(namePtr, nameLen);
    if (nameOff === undefined) return undefined;
    const name = bin.subarray(nameOff, nameOff + nameLen).toString('latin1');
    if (!/^[\w.@/+-]+$/.test(name) || name.startsWith('/') || name.includes('..')) return undefined;
    if (name.endsWith('/')) return dataLen === 0 ? { name, data: Buffer.alloc(0) } : undefined;
    if (dataLen === 0) return { name, data: Buffer.alloc(0) };
    const dataOff = toOffset(dataPtr, dataLen);
    return dataOff === undefined ? undefined : { name, data: bin.subarray(dataOff, dataOff + dataLen) };
  };

  const needle = Buffer.from(anchor, 'latin1');
  for (let hit = bin.indexOf(needle); hit !== -1; hit = bin.indexOf(needle, hit + 1)) {
    const vaddr = toVaddr(hit);
    if (vaddr === undefined) continue;
    const ref = Buffer.alloc(16);
    ref.writeBigUInt64LE(BigInt(vaddr), 0);
    ref.writeBigUInt64LE(BigInt(needle.length), 8);
    for (let at = bin.indexOf(ref); at !== -1; at = bin.indexOf(ref, at + 1)) {
      let start = at;
      while (entryAt(start - 48)) start -= 48;
      const files: EmbeddedFile[] = [];
      for (let cur = start, e = entryAt(cur); e; cur += 48, e = entryAt(cur)) files.push(e);
      if (files.some((f) => f.name === 'package.json') && files.some((f) => f.name === 'src/config.ts')) {
        return files;
      }
    }
  }
  throw new Error(`no embedded SST platform (a file list containing ${anchor}) found in the sst binary`);
}

/** What SST's `writeTypes` (pkg/project/install.go) writes for an app whose one provider is aws. */
const CONFIG_D_TS = `import "./src/global.d.ts"
import "../types.generated"
import { AppInput, App, Config } from "./src/config"
import * as _aws from "@pulumi/aws";


declare global {
  // @ts-expect-error
  export import aws = _aws
  interface Providers {
    providers?: {
      "aws"?:  (_aws.ProviderArgs & { version?: string }) | boolean | string;
    }
  }
  export const $config: (
    input: Omit<Config, "app"> & {
      app(input: AppInput): Omit<App, "providers"> & Providers;
    },
  ) => Config;
}
`;

function main() {
  const binaryPackage = sstBinaryPackage();
  const { version } = JSON.parse(readFileSync(join(binaryPackage, 'package.json'), 'utf8')) as { version: string };
  if (existsSync(join(platformDir, 'version'))) {
    console.log('sst platform: .sst/platform was written by `sst install`; using it');
    return;
  }
  if (existsSync(marker) && readFileSync(marker, 'utf8') === version && existsSync(join(platformDir, 'node_modules', '@pulumi', 'aws'))) {
    console.log(`sst platform: ${version} already extracted`);
    return;
  }

  const files = readEmbeddedPlatform(readFileSync(join(binaryPackage, 'bin', 'sst')));
  rmSync(platformDir, { recursive: true, force: true });
  for (const file of files) {
    const path = join(platformDir, file.name);
    if (file.name.endsWith('/')) {
      mkdirSync(path, { recursive: true });
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.data);
    }
  }
  console.log(`sst platform: ${files.length} files extracted from the sst ${version} binary`);

  // The platform's own dependencies (@pulumi/aws, @pulumi/pulumi, …) at the versions it pins.
  // No install scripts: nothing here is run, only type-checked.
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: platformDir,
    stdio: 'inherit',
  });

  writeFileSync(join(platformDir, 'config.d.ts'), CONFIG_D_TS);
  // SST writes the app's Resource types here after a deploy; an empty module until then.
  const generated = join(root, '.sst', 'types.generated.ts');
  if (!existsSync(generated)) writeFileSync(generated, 'export {};\n');
  // Not SST's `version` file: a real `sst` run finds none, and replaces this directory with
  // its own install.
  writeFileSync(marker, version);
  console.log('sst platform: ready in .sst/platform');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
