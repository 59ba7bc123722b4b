import { describe, expect, it } from 'vitest';
import { formatMoney, formatPlain, parseMoney } from './money';

describe('money typed in the currency’s notation becomes integer minor units', () => {
  it.each([
    ['1,850.00', 'USD', 185000],
    ['1850', 'USD', 185000],
    ['$1,850.5', 'USD', 185050],
    ['277.50', 'USD', 27750],
    ['0', 'USD', 0],
    ['.5', 'EUR', 50],
    ['185,000', 'JPY', 185000],
    ['1,850.125', 'KWD', 1850125],
    ['1 850.00 EUR', 'EUR', 185000],
  ])('%s %s → %i', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'USD', /Enter an amount/],
    ['1.234', 'USD', /at most 2 decimals/],
    ['1850.5', 'JPY', /no decimals/],
    ['-5', 'USD', /negative/],
    ['1,85,0', 'USD', /notation/],
    ['abc', 'USD', /notation/],
  ])('refuses %j in %s', (text, currency, message) => {
    const parsed = parseMoney(text, currency);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('shows amounts back in the same notation', () => {
    expect(formatPlain(185000, 'USD')).toBe('1,850.00');
    expect(formatPlain(185000, 'JPY')).toBe('185,000');
    expect(formatMoney(185000, 'USD')).toBe('$1,850.00');
    expect(formatMoney(122250, 'EUR')).toBe('€1,222.50');
  });
});
