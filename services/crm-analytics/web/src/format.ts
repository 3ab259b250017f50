const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer cents as money, e.g. 123456 USD -> "$1,234.56". */
export function money(cents: number | null, currency: string): string {
  if (cents === null) return '–';
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

/** Compact money for chart axes, e.g. "$12K". */
export function moneyShort(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(cents / 100);
}

export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** "2025-03-01" -> "Mar 1" (UTC, as the figures are). */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export const shortId = (id: string) => id.slice(0, 8);
