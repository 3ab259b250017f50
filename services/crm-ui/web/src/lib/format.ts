/** Money is in integer cents everywhere; only display turns it into a currency string. */
export function formatMoney(cents: number, currency: string, locale = 'en-US'): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    // An unknown currency code must not break the page.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function formatDateTime(iso: string, locale = 'en-US'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The first block of a uuid: enough for people to tell their orders apart. */
export const shortId = (id: string) => id.split('-')[0] ?? id;

export const REGION_LABEL: Record<string, string> = {
  'us-east-1': 'North America',
  'eu-west-1': 'Europe',
};
