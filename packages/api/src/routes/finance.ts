import { type FinanceReport, monthSchema } from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Finance');

const monthQuery = z.strictObject({ month: monthSchema });

/** The office's money: a month's bookings with revenue, fees and net, as JSON or CSV. */
export function financeRoutes(finance: FinanceReport) {
  return new Hono()
    .get('/', doc({ summary: 'A month’s bookings with their money', description: 'By the trip’s own calendar: revenue, captain fee, platform fee and net, and totals per currency. A cancelled trip stays with its `refund` and `cancellationFee`. Amounts in integer minor units.', responses: { 200: ok('The month.') } }), validate('query', monthQuery), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await finance.month(c.req.valid('query').month));
    })
    .get('/csv', doc({ summary: 'The same month as CSV', description: 'Amounts in the currency’s notation, e.g. `1850.00`.', responses: { 200: ok('A CSV download.', { media: 'text/csv' }) } }), validate('query', monthQuery), async (c) => {
      const { month } = c.req.valid('query');
      c.header('Cache-Control', 'no-store');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="scc-finance-${month}.csv"`);
      return c.body(await finance.csv(month));
    });
}
