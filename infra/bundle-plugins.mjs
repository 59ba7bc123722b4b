// esbuild plugins for every Lambda bundle: infra/lambda.ts deploys with them (SST's
// `nodejs.plugins`) and packages/api/scripts/build.ts measures with them, so the two match.
// Plain JavaScript because SST loads this file as it is.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The OpenAPI generator's JSON Schema step lazily imports two modules for one function each;
// bundled as they are, they add ~400 KB the handler never needs (every translated zod error
// message, and zod 3 support). Each is replaced by a few lines (packages/api/src/bundle/).
const REPLACED = {
  'zod/v4/core': 'packages/api/src/bundle/zod-json-schema.ts',
  'zod-to-json-schema': 'packages/api/src/bundle/no-zod-v3.ts',
};

export const replaceUnusedModules = {
  name: 'scc-replace-unused-modules',
  setup(build) {
    build.onResolve({ filter: /^(zod\/v4\/core|zod-to-json-schema)$/ }, (args) => ({ path: join(root, REPLACED[args.path]) }));
  },
};

export default [replaceUnusedModules];
