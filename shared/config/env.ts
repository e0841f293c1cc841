/**
 * Small zod building blocks for reading app settings. App settings are strings (or absent);
 * these parse them into typed values with messages that never echo the value itself, so a
 * mistyped secret cannot leak into the start-up error.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { GUID_PATTERN } from '../guid.js';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const text = () => z.preprocess(blankToUndefined, z.string({ error: 'is required' }).trim());
export const optionalText = () => z.preprocess(blankToUndefined, z.string().trim().optional());

export const httpUrl = () =>
  text()
    .pipe(z.string().refine((v) => isHttpUrl(v), { error: 'must be an http(s) URL' }))
    .transform((v) => v.replace(/\/+$/, ''));

export const httpsUrl = () =>
  text()
    .pipe(z.string().refine((v) => isHttpUrl(v) && v.startsWith('https:'), { error: 'must be an https URL' }))
    .transform((v) => v.replace(/\/+$/, ''));

export const uuid = () =>
  text()
    .pipe(z.string().regex(GUID_PATTERN, { error: 'must be a GUID (Entra object id)' }))
    .transform((v) => v.toLowerCase());

export const bool = (fallback: boolean) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const s = v.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  });

export const number = (fallback: number, opts: { min?: number; max?: number; int?: boolean } = {}) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    const bad =
      !Number.isFinite(n) ||
      (opts.int === true && !Number.isInteger(n)) ||
      (opts.min !== undefined && n < opts.min) ||
      (opts.max !== undefined && n > opts.max);
    if (bad) {
      const range = [opts.min !== undefined ? `>= ${opts.min}` : '', opts.max !== undefined ? `<= ${opts.max}` : '']
        .filter(Boolean)
        .join(' and ');
      ctx.addIssue({
        code: 'custom',
        message: `must be ${opts.int ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}`,
      });
      return z.NEVER;
    }
    return n;
  });

/** An optional number: absent stays undefined (the caller derives a default). */
export const optionalNumber = (opts: { min?: number; max?: number } = {}) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const range = [opts.min !== undefined ? `>= ${opts.min}` : '', opts.max !== undefined ? `<= ${opts.max}` : '']
        .filter(Boolean)
        .join(' and ');
      ctx.addIssue({ code: 'custom', message: `must be a number${range ? ` ${range}` : ''}` });
      return z.NEVER;
    }
    return n;
  });

/** A comma-separated list of positive minutes, e.g. "1,2,5,15,30". */
export const minutesList = (fallback: number[]) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const list = v.split(',').map((x) => Number(x.trim()));
    if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a comma-separated list of positive minutes such as "1,2,5,15,30"',
      });
      return z.NEVER;
    }
    return list;
  });

/**
 * A comma-separated list of words matching `word` (blank: `fallback`); `*` alone when `star` is
 * allowed, e.g. "policy.update, user.block" or "*".
 */
export const wordList = (fallback: readonly string[], word: RegExp, example: string) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx): readonly string[] | '*' => {
    if (v === undefined) return fallback;
    if (v.trim() === '*') return '*';
    const list = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (list.length === 0 || list.some((x) => !word.test(x))) {
      ctx.addIssue({ code: 'custom', message: `must be "*" or a comma-separated list such as "${example}"` });
      return z.NEVER;
    }
    return [...new Set(list)];
  });

/** A JSON-valued setting validated by `schema`. Parse errors name the setting, not the text. */
export const json = <S extends z.ZodType>(schema: S, fallback?: z.input<S>) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx): z.output<S> => {
    let parsed: unknown = fallback;
    if (v !== undefined) {
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    }
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
        ctx.addIssue({ code: 'custom', message: `${issue.message}${where}` });
      }
      return z.NEVER;
    }
    return result.data;
  });

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
export const ipv4 = () => z.string().regex(IPV4, { error: 'must be an IPv4 address' });
export const cidr = () =>
  z.string().refine(
    (v) => {
      const [ip, bits, extra] = v.split('/');
      return (
        extra === undefined &&
        ip !== undefined &&
        IPV4.test(ip) &&
        bits !== undefined &&
        /^\d+$/.test(bits) &&
        Number(bits) <= 32
      );
    },
    { error: 'must be an IPv4 CIDR such as 10.10.0.0/24' },
  );

/** Six-field NCRONTAB (with seconds), the format Azure Functions timer triggers use. */
export const ncrontab = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().trim().optional()).transform((v, ctx) => {
    const value = v ?? fallback;
    if (value.split(/\s+/).length !== 6 || !parsesAsCron(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a six-field NCRONTAB expression such as "0 */15 * * * *"' });
      return z.NEVER;
    }
    return value;
  });

/** The local host and the heartbeat thresholds read schedules with croner: it must accept them. */
function parsesAsCron(value: string): boolean {
  try {
    new Cron(value, { paused: true, timezone: 'Etc/UTC' }).stop();
    return true;
  } catch {
    return false;
  }
}
