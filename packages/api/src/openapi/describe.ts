import { type DescribeRouteOptions, describeRoute, uniqueSymbol } from 'hono-openapi';
import type { MiddlewareHandler } from 'hono';
import type { BlankEnv, BlankInput } from 'hono/types';
import type { OpenAPIV3_1 } from 'openapi-types';
import { refused, SERVICE_KEY } from './components';

/**
 * `describeRoute` with the route group's tag: summaries, responses and examples sit beside
 * the handler they describe. It is a no-op middleware at request time.
 */
export function routeDoc(tag: string) {
  // Typed as adding nothing to the route, so the app's (and the typed client's) types stay as they were.
  return (spec: DescribeRouteOptions): MiddlewareHandler<BlankEnv, string, BlankInput> =>
    describeRoute({ ...spec, tags: [tag, ...(spec.tags ?? [])] });
}

interface AnswerOptions {
  example?: unknown;
  /** The answer carries the item's version as `ETag`. */
  etag?: boolean;
  /** The answer carries the new item's `Location`. */
  location?: boolean;
  /** Not JSON: the media type of the body. */
  media?: string;
}

/**
 * A success answer. Responses have no zod schemas (routes return service records), so they
 * are described in words and, where it helps most, with an example taken from a real answer.
 */
export function ok(description: string, options: AnswerOptions = {}): OpenAPIV3_1.ResponseObject {
  const headers: Record<string, OpenAPIV3_1.ReferenceObject> = {
    ...(options.etag ? { ETag: { $ref: '#/components/headers/ETag' } } : {}),
    ...(options.location ? { Location: { $ref: '#/components/headers/Location' } } : {}),
  };
  const media: OpenAPIV3_1.MediaTypeObject = options.example === undefined ? {} : { example: options.example };
  return {
    description,
    ...(Object.keys(headers).length ? { headers } : {}),
    content: { [options.media ?? 'application/json']: media },
  };
}

/**
 * Marks the service-key middleware so every route behind it is documented with the
 * `X-Service-Key` scheme and its 401: the document says "needs the key" exactly where the
 * key is checked. Which routes the document lists at all follows from this mark.
 */
export function documentedServiceKey<M extends MiddlewareHandler>(middleware: M): M {
  return Object.assign(middleware, {
    [uniqueSymbol]: { spec: { security: [{ [SERVICE_KEY]: [] }], responses: { 401: refused(401) } } },
  });
}
