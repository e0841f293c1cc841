/**
 * How times read on cards: absolute in UTC (IT staff sit in several time zones, Honolulu and
 * Boulder among them) next to a relative "3 days ago" from the domain's `relativeTime`.
 */
import { relativeTime } from '../../shared/domain/dc-access/index.js';

/** `2026-11-17 12:00 UTC`, or `unknown` for a missing or unparsable time. */
export function utc(iso: string | null | undefined): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return 'unknown';
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `3 days ago (2026-11-17 12:00 UTC)`; `in …` for a time after `now` (clock skew). */
export function whenText(iso: string | null | undefined, now: Date): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return 'unknown';
  const ms = now.getTime() - t;
  const rel = ms >= 0 ? `${relativeTime(ms)} ago` : `in ${relativeTime(-ms)}`;
  return `${rel} (${utc(iso)})`;
}

/** `a, b, c and 4 more`. */
export function listText(items: readonly string[], max = 6, none = 'none'): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** Semantic version comparison of `a.b.c` strings (pre-release tags ignored); NaN parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^v/, '')
      .split(/[.+-]/)
      .slice(0, 3)
      .map((x) => Number.parseInt(x, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
