/**
 * Small display helpers shared by page code: prices, dates, durations and safe HTML lists.
 * Pure functions with no platform dependency, so they run in the browser and in tests alike.
 */
import escapeHtml from 'escape-html';

/** A bullet list from plain strings, escaped, for an element's `html`. */
export function listHtml(items: readonly string[]): string {
  if (items.length === 0) return '';
  return `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

/** "$49", "$49.50", "Free". Cents are integers; the currency is an ISO 4217 code. */
export function formatMoney(cents: number, currency = 'USD'): string {
  if (cents === 0) return 'Free';
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

/** "$49 / month", "$490 / year", "$99 once", "Free". */
export function formatPrice(cents: number, currency: string, interval: string): string {
  const money = formatMoney(cents, currency);
  if (cents === 0) return money;
  if (interval === 'month' || interval === 'year') return `${money} / ${interval}`;
  return `${money} once`;
}

/** "12 March 2026" from an ISO date string; empty for a missing or unparsable date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "42 min", "1 h 5 min" from seconds. */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A readable message from anything a web method call may reject with. */
export function errorText(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
