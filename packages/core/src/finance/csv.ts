/**
 * RFC 4180 CSV: every field quoted when it holds a comma, quote or line break, quotes doubled,
 * CRLF between records. A text cell that a spreadsheet would run as a formula (=, +, -, @)
 * is prefixed with an apostrophe, since guest names come from outside.
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
