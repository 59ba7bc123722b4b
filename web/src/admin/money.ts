import { currencyDigits } from './core';

/**
 * Money as people type it ("1,850.00", "$1,850", "185000" for yen) ↔ the API's integer minor
 * units, by the currency's own number of decimals. One notation (en-US: comma groups, dot
 * decimals) for typing and for showing, so what is shown can be typed back.
 */
export const MONEY_LOCALE = 'en-US';

export type ParsedMoney = { ok: true; minor: number } | { ok: false; message: string };

export function parseMoney(text: string, currency: string): ParsedMoney {
  const digits = currencyDigits(currency);
  // A currency sign or code typed along with the amount is fine: "$1,850.00", "1850 USD".
  const trimmed = text.trim().replace(/^[^\d.,-]+/, '').replace(/[^\d.]+$/, '').trim();
  if (text.trim() === '') return { ok: false, message: 'Enter an amount (0 if none)' };
  if (trimmed.startsWith('-')) return { ok: false, message: 'Amounts cannot be negative' };
  const match = /^(\d{1,3}(?:[, \u00a0\u202f']\d{3})+|\d+)?(?:\.(\d*))?$/.exec(trimmed);
  if (!match || (match[1] === undefined && !match[2])) {
    return { ok: false, message: `Use the ${currency} notation, e.g. ${formatPlain(185000 * 10 ** Math.max(0, digits - 2), currency)}` };
  }
  const whole = (match[1] ?? '0').replace(/\D/g, '');
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits === 0 ? `${currency} amounts have no decimals` : `${currency} amounts have at most ${digits} decimals`,
    };
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'That amount is too large' };
  return { ok: true, minor };
}

/** 185000 USD → "1,850.00": the notation the inputs take. */
export function formatPlain(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(MONEY_LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
}

/** 185000 USD → "$1,850.00"; 185000 JPY → "¥185,000". */
export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(MONEY_LOCALE, { style: 'currency', currency }).format(minor / 10 ** digits);
  } catch {
    return `${formatPlain(minor, currency)} ${currency}`;
  }
}

/** Every currency the browser knows, USD first and the usual ones next. */
export function currencies(): string[] {
  const common = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'MXN', 'NZD', 'CHF', 'JPY'];
  return [...new Set([...common, ...supported('currency')])];
}

function supported(kind: 'currency' | 'timeZone'): string[] {
  try {
    return Intl.supportedValuesOf(kind);
  } catch {
    return [];
  }
}
