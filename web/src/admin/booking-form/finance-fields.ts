import { currencyDigits } from '../core';
import { describe, field, h } from '../dom';
import { currencies, formatMoney, formatPlain, parseMoney } from '../money';
import { section } from '../ui';
import { type Issue, type Target, target } from './issues';

export interface FinanceValues {
  revenue: number;
  captainFee: number;
  platformFee: number;
  currency: string;
}

/**
 * The money: typed in the currency's usual notation ("1,850.00"), sent as integer minor units,
 * with the net shown as it is typed. Office only.
 */
export function financeFields() {
  const currency = h('select', { id: 'f-currency' });
  for (const code of currencies()) currency.append(h('option', { value: code, selected: code === 'USD' }, code));
  const currencyField = field('Currency', currency);
  const moneyInput = (id: string) => h('input', { id, autocomplete: 'off', inputmode: 'decimal', required: true, placeholder: '0.00' });
  const fields = {
    revenue: field('Revenue', moneyInput('f-revenue')),
    captainFee: field('Captain fee', moneyInput('f-captainFee')),
    platformFee: field('Platform fee', moneyInput('f-platformFee')),
  } as const;
  const hint = h('p', { class: 'hint', id: 'money-hint' }, 'Amounts as usual for the currency, e.g. 1,850.00. The platform fee is the marketplace’s commission.');
  const net = h('p', { class: 'net', id: 'net-preview', 'aria-live': 'polite' });

  const updateNet = () => {
    const [r, c, p] = Object.values(fields).map((f) => parseMoney(f.control.value, currency.value));
    net.textContent = r?.ok && c?.ok && p?.ok ? `Net: ${formatMoney(r.minor - c.minor - p.minor, currency.value)}` : '';
    const digits = currencyDigits(currency.value);
    for (const f of Object.values(fields)) f.control.placeholder = formatPlain(0, currency.value) || (digits ? '0.00' : '0');
  };
  for (const f of Object.values(fields)) {
    describe(f.control, 'money-hint');
    f.control.addEventListener('input', updateNet);
    // Shown back in the currency's notation, so what is typed is what will be saved.
    f.control.addEventListener('blur', () => {
      const parsed = parseMoney(f.control.value, currency.value);
      if (parsed.ok) f.control.value = formatPlain(parsed.minor, currency.value);
    });
  }
  currency.addEventListener('change', updateNet);
  updateNet();

  return {
    element: section(
      'Money',
      h('p', { class: 'hint' }, 'Office only: never on crew or guest pages, emails or the calendar.'),
      currencyField.wrapper,
      hint,
      h('div', { class: 'three' }, fields.revenue.wrapper, fields.captainFee.wrapper, fields.platformFee.wrapper),
      net,
    ),
    targets: {
      'finance.currency': target('Currency', currencyField),
      'finance.revenue': target('Revenue', fields.revenue),
      'finance.captainFee': target('Captain fee', fields.captainFee),
      'finance.platformFee': target('Platform fee', fields.platformFee),
    } satisfies Record<string, Target>,
    read(): { finance: FinanceValues; issues: Issue[] } {
      const issues: Issue[] = [];
      const money: Record<string, number> = {};
      for (const [key, f] of Object.entries(fields)) {
        const parsed = parseMoney(f.control.value, currency.value);
        if (parsed.ok) money[key] = parsed.minor;
        else issues.push({ path: `finance.${key}`, message: parsed.message });
      }
      return {
        finance: {
          revenue: money.revenue ?? Number.NaN,
          captainFee: money.captainFee ?? Number.NaN,
          platformFee: money.platformFee ?? Number.NaN,
          currency: currency.value,
        },
        issues,
      };
    },
    set(finance: FinanceValues): void {
      if (![...currency.options].some((o) => o.value === finance.currency)) currency.append(h('option', { value: finance.currency }, finance.currency));
      currency.value = finance.currency;
      fields.revenue.control.value = formatPlain(finance.revenue, finance.currency);
      fields.captainFee.control.value = formatPlain(finance.captainFee, finance.currency);
      fields.platformFee.control.value = formatPlain(finance.platformFee, finance.currency);
      updateNet();
    },
  };
}
