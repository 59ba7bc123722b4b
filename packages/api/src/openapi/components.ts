import type { OpenAPIV3_1 } from 'openapi-types';
import * as z from 'zod';
import type { ErrorBody } from '../error-response';

/** The name of the `X-Service-Key` scheme in `components.securitySchemes`. */
export const SERVICE_KEY = 'serviceKey';

/** The one shape of every 4xx and 5xx answer (error-response.ts); `satisfies` keeps them equal. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
}) satisfies z.ZodType<ErrorBody>;

/**
 * Statuses the API answers with the error shape, each a shared response. Routes name the
 * statuses they can give; the codes here are all the codes of that status across the API.
 */
export const ERROR_RESPONSES = {
  400: ['BadRequest', '`malformed_json`: the body is not JSON. `invalid_request`: a field is missing, of the wrong type, unknown or breaks a rule; `details.issues` lists each with its `path`.'],
  401: ['Unauthorized', '`unauthorized`: the `X-Service-Key` header is missing or wrong.'],
  404: ['NotFound', '`not_found`: no such item.'],
  409: ['Conflict', 'The request conflicts with what is stored.'],
  412: ['PreconditionFailed', '`version_conflict`: `If-Match` names an old version; `details.currentVersion` says what is stored.'],
  413: ['PayloadTooLarge', '`payload_too_large`: the body is over 64 KB.'],
  415: ['UnsupportedMediaType', '`unsupported_media_type`: the body was sent without `Content-Type: application/json`.'],
  422: ['UnprocessableContent', 'The request is well formed but cannot be applied.'],
  428: ['PreconditionRequired', '`precondition_required`: this change needs `If-Match`.'],
  500: ['InternalError', '`internal_error`: a bug on our side.'],
  502: ['BadGateway', '`dependency_rejected`: a service SCC depends on refused the request.'],
  503: ['ServiceUnavailable', '`dependency_unavailable`: the database is throttling or down; retry after `Retry-After` seconds.'],
} as const satisfies Record<number, readonly [string, string]>;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** A shared error response; `description` narrows it to this route's codes (OpenAPI 3.1 allows it beside `$ref`). */
export function refused(status: ErrorStatus, description?: string): OpenAPIV3_1.ReferenceObject {
  return { $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}`, ...(description ? { description } : {}) };
}

export const IF_MATCH = { $ref: '#/components/parameters/IfMatch' };
export const IF_MATCH_REQUIRED = { $ref: '#/components/parameters/IfMatchRequired' };
export const X_ACTOR = { $ref: '#/components/parameters/XActor' };

// A string as written in the header; parseIfMatch (middleware/if-match.ts) reads it.
const ifMatchSchema = { type: 'string' as const, pattern: '^\\s*(W/)?"?\\d{1,15}"?\\s*$|^\\s*\\*\\s*$' };

/** The components every document has; schemas from zod are added when the document is built. */
export function sharedComponents(errorSchema: OpenAPIV3_1.SchemaObject): OpenAPIV3_1.ComponentsObject {
  const responses: Record<string, OpenAPIV3_1.ResponseObject> = {};
  for (const [status, [name, description]] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = {
      description: `${status}. ${description}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      ...(status === '503' ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } } } : {}),
    };
  }
  return {
    securitySchemes: {
      [SERVICE_KEY]: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Service-Key',
        description: 'The operator’s service key (`npm start` prints it and keeps it in `.local/service-key`).',
      },
    },
    schemas: { Error: errorSchema },
    responses,
    parameters: {
      IfMatch: {
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'The version you last read (its `ETag`, e.g. `"3"`): the change is refused with 412 if someone changed it since. Absent or `*`: any version.',
        schema: ifMatchSchema,
      },
      IfMatchRequired: {
        name: 'If-Match',
        in: 'header',
        required: true,
        description: 'The version you are changing (its `ETag`, e.g. `"3"`); 428 without it, 412 if someone changed it since.',
        schema: ifMatchSchema,
      },
      XActor: {
        name: 'X-Actor',
        in: 'header',
        required: false,
        description: '`console` records the change as the admin console’s in the history; anything else is `service-key`.',
        schema: { type: 'string' },
      },
    },
    headers: {
      ETag: { description: 'The item’s version, to send back in `If-Match`.', schema: { type: 'string' } },
      Location: { description: 'The new item’s path.', schema: { type: 'string' } },
    },
  };
}
