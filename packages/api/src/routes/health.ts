import { Hono } from 'hono';

export type Mode = 'local' | 'aws';

export function healthRoutes(mode: Mode) {
  return new Hono().get('/', (c) => c.json({ ok: true as const, mode }));
}
