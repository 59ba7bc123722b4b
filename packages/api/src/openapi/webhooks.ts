import { WEBHOOK_EVENT_TYPES, type WebhookEventType, webhookPayloadSchemas } from '@scc/core';
import { resolver } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';

/** Typed by event type: a new event in @scc/core does not compile until it is described here. */
const SUMMARIES: Record<WebhookEventType, string> = {
  'booking.created': 'A booking was created (by an integration, the console or a marketplace sync).',
  'booking.changed': 'A booking changed: a new version; `changedFields` names what changed.',
  'booking.cancelled': 'A booking was cancelled.',
  'booking.reinstated': 'A cancelled booking was reinstated.',
  'booking.step_failed': 'One of a booking’s steps (crew event, calendar, guest page, crew notices) failed; `retryable` says whether a retry may help.',
  'photos.uploaded': 'A guest’s photo or video finished uploading.',
};

export const STANDARD_WEBHOOKS_HEADERS = `Deliveries follow the Standard Webhooks specification: a POST with a JSON body \`{type, timestamp, data}\` and three headers.
- \`webhook-id\`: the event's id, the same on every retry; a receiver that saw it already can skip it.
- \`webhook-timestamp\`: when it was sent, in whole seconds since the Unix epoch; refuse one more than a few minutes from your clock, so an old message cannot be replayed.
- \`webhook-signature\`: space-separated \`v1,<base64>\` signatures, each an HMAC-SHA256 over \`{webhook-id}.{webhook-timestamp}.{body}\` (the raw body as received) with the endpoint's secret (\`whsec_…\`, given when the endpoint is created or rotated). Accept the message if any one matches: for 24 hours after a rotation, the old and the new secret both sign.

Answer 2xx within 10 seconds; anything else is retried for up to 24 hours, and \`410 Gone\` turns the endpoint off.`;

export const WEBHOOK_HEADER_PARAMETERS: Record<string, OpenAPIV3_1.ParameterObject> = {
  WebhookId: { name: 'webhook-id', in: 'header', required: true, description: 'The message id; the same on every retry.', schema: { type: 'string' } },
  WebhookTimestamp: { name: 'webhook-timestamp', in: 'header', required: true, description: 'Seconds since the Unix epoch when it was sent.', schema: { type: 'string', pattern: '^[0-9]+$' } },
  WebhookSignature: { name: 'webhook-signature', in: 'header', required: true, description: 'Space-separated `v1,<base64 HMAC-SHA256>` signatures of `{webhook-id}.{webhook-timestamp}.{body}`.', schema: { type: 'string' } },
};

// openapi-types mixes 3.0 schema types into its 3.1 operations; the test validates the result.
type OperationJson = Record<string, unknown>;

/**
 * The document's top-level `webhooks`: one entry per event type, its body converted from the
 * payload's zod schema by the same generator as the routes.
 */
export async function webhookPathItems(): Promise<{
  webhooks: Record<string, { post: OperationJson }>;
  schemas: Record<string, OpenAPIV3_1.SchemaObject>;
}> {
  const webhooks: Record<string, { post: OperationJson }> = {};
  let schemas: Record<string, OpenAPIV3_1.SchemaObject> = {};
  for (const type of WEBHOOK_EVENT_TYPES) {
    const converted = await resolver(webhookPayloadSchemas[type]).toOpenAPISchema();
    const { $defs, ...schema } = converted.schema as OpenAPIV3_1.SchemaObject & { $defs?: Record<string, OpenAPIV3_1.SchemaObject> };
    schemas = { ...schemas, ...$defs, ...(converted.components?.schemas as typeof schemas | undefined) };
    webhooks[type] = {
      post: {
        operationId: `webhook.${type}`,
        tags: ['Webhooks'],
        summary: SUMMARIES[type],
        description: STANDARD_WEBHOOKS_HEADERS,
        parameters: Object.keys(WEBHOOK_HEADER_PARAMETERS).map((name) => ({ $ref: `#/components/parameters/${name}` })),
        requestBody: { required: true, content: { 'application/json': { schema } } },
        responses: { '2XX': { description: 'Received. Anything else (or no answer) is retried.' } },
      },
    };
  }
  return { webhooks, schemas };
}
