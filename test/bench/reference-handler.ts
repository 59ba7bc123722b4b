/**
 * The floor a cold start is measured against (`npm run bench -- init`): a Lambda handler with
 * Hono and the DynamoDB document client and nothing else, since nearly every SCC request
 * reads the table. Bundled exactly as the real handler is.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = process.env.REFERENCE_TABLE ?? 'reference';

const app = new Hono()
  .get('/health', (c) => c.json({ ok: true }))
  .get('/items/:id', async (c) => {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: { pk: c.req.param('id'), sk: 'ITEM' } }));
    return Item ? c.json(Item) : c.json({ error: 'not found' }, 404);
  });

export const handler = handle(app);
