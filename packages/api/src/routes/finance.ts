import { type FinanceReport, monthSchema } from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { validate } from '../validation';

const monthQuery = z.strictObject({ month: monthSchema });

/** The office's money: a month's bookings with revenue, fees and net, as JSON or CSV. */
export function financeRoutes(finance: FinanceReport) {
  return new Hono()
    .get('/', validate('query', monthQuery), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await finance.month(c.req.valid('query').month));
    })
    .get('/csv', validate('query', monthQuery), async (c) => {
      const { month } = c.req.valid('query');
      c.header('Cache-Control', 'no-store');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="scc-finance-${month}.csv"`);
      return c.body(await finance.csv(month));
    });
}
