/**
 * Parses an HTTP `Retry-After` header into a delay in milliseconds.
 *
 * The header is either a number of seconds or an HTTP date
 * (RFC 9110 §10.2.3, https://www.rfc-editor.org/rfc/rfc9110#field.retry-after).
 * Returns undefined when the header is absent or unreadable, so the caller falls back to its own
 * backoff rather than trusting garbage. A date in the past means "now" (0 ms).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only an HTTP date is valid besides delta-seconds; Date.parse would also accept "1.5" or "-3".
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
