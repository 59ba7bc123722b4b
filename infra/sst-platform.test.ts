import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEmbeddedPlatform } from '../scripts/setup-sst-platform';

// scripts/setup-sst-platform.ts reads SST's platform out of the installed sst binary for
// `npm run typecheck:infra`. These run it on the real binary (Linux x64, as in CI).
const root = join(import.meta.dirname, '..');
const binary = join(root, 'node_modules', 'sst-linux-x64', 'bin', 'sst');

describe.skipIf(!existsSync(binary))('the SST platform embedded in the sst binary', () => {
  // Read only when the binary is there: a skipped suite's body still runs to collect its tests.
  const files = existsSync(binary) ? readEmbeddedPlatform(readFileSync(binary)) : [];
  const file = (name: string) => files.find((f) => f.name === name);

  it('is found whole: package.json, the config types and the components this app uses', () => {
    for (const name of [
      'package.json',
      'tsconfig.json',
      'src/config.ts',
      'src/global.d.ts',
      'src/components/aws/function.ts',
      'src/components/aws/bucket.ts',
      'src/components/aws/dynamo.ts',
      'src/components/aws/email.ts',
      'src/components/aws/cdn.ts',
      'src/components/aws/apigatewayv2.ts',
      'src/components/linkable.ts',
    ]) {
      expect(file(name), name).toBeDefined();
    }
    expect(JSON.parse(file('package.json')!.data.toString('utf8')).name).toBe('@sst/platform');
    expect(file('src/components/aws/bucket.ts')!.data.toString('utf8')).toContain('export class Bucket');
  });

  it('lists directories as empty entries ending in / and files with their text', () => {
    for (const f of files) {
      if (f.name.endsWith('/')) expect(f.data.length, f.name).toBe(0);
    }
    expect(files.filter((f) => f.name.endsWith('.ts')).length).toBeGreaterThan(100);
  });

  it('pins the same @pulumi/aws version as sst.config.ts, so the type check matches the deploy', () => {
    const platform = JSON.parse(file('package.json')!.data.toString('utf8')) as { dependencies: Record<string, string> };
    const config = readFileSync(join(root, 'sst.config.ts'), 'utf8');
    const pinned = /aws: \{[^}]*version: '([^']+)'/s.exec(config)?.[1];
    expect(pinned).toBe(platform.dependencies['@pulumi/aws']);
  });
});
