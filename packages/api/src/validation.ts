import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { resolver, uniqueSymbol } from 'hono-openapi';
import type * as z from 'zod';
import type { ZodType } from 'zod';
import { RequestValidationError, UnsupportedMediaTypeError } from './http-errors';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The single way routes validate input: zod schemas from @scc/core, failures thrown as
 * RequestValidationError with one entry per problem and its field path.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
  docs: { examples?: z.input<Schema>[] } = {},
) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (target === 'json' && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new UnsupportedMediaTypeError('Send a JSON body with Content-Type: application/json', {
        details: { contentType: c.req.header('content-type') ?? null },
      });
    }
    if (!result.success) throw toRequestValidationError(target, result.error);
  });
  return Object.assign(middleware, { [uniqueSymbol]: openApiMetadata(target, schema, docs.examples) });
}

/**
 * What hono-openapi looks for on a route's handlers: the document at /openapi.json is made
 * from the very schema that validates, so it cannot drift from what the route accepts. Only
 * closures here; nothing is converted until the document is first asked for. Examples are
 * typed as the schema's input, so one that no longer fits does not compile.
 */
function openApiMetadata(target: keyof ValidationTargets, schema: ZodType, examples: unknown[] | undefined) {
  const resolved = resolver(schema);
  if (!examples?.length) return { target, ...resolved };
  return {
    target,
    ...resolved,
    toOpenAPISchema: async () => {
      const result = await resolved.toOpenAPISchema();
      return { ...result, schema: { ...result.schema, examples } };
    },
  };
}

export function toRequestValidationError(
  target: string,
  error: { issues: readonly z.core.$ZodIssue[] },
): RequestValidationError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
    ...(issue.code === 'unrecognized_keys' ? { keys: issue.keys } : {}),
  }));
  const first = issues[0];
  const where = target === 'json' ? 'body' : target;
  const summary = first ? `${first.path || where}: ${first.message}` : 'Invalid input';
  return new RequestValidationError(`Invalid request ${where}. ${summary}`, {
    details: { issues },
  });
}
