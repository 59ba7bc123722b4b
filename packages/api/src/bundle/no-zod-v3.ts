// Bundled in place of `zod-to-json-schema` (see infra/bundle-plugins.mjs): only schemas of zod 3
// would reach it, and SCC has none.
export function zodToJsonSchema(): never {
  throw new Error('zod 3 schemas are not supported');
}
