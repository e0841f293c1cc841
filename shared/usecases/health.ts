/**
 * Health: does each dependency answer? Checks run in parallel, each bounded by a timeout, and the
 * report carries only a status and a short reason per dependency: no URLs, no secrets.
 */
import { UpstreamError, AppError } from '../errors.js';
import type { OffboardingStatus } from '../offboarding/status.js';

export type Probe = () => Promise<unknown>;
export type CheckResult = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };
export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  /** When the dependencies were asked (the report is shared for a few seconds, see HealthCache). */
  checkedAt: string;
  checks: Record<string, CheckResult>;
  /** The offboarding loop (issue 17): subscription, last sweep, oldest open case, timers. Informational:
   * it does not change `status`; `unavailable` when storage did not answer in time. */
  offboarding?: OffboardingStatus | { unavailable: true };
}

export async function checkHealth(
  probes: Record<string, Probe>,
  version: string,
  timeoutMs = 5_000,
  offboarding?: () => Promise<OffboardingStatus>,
): Promise<HealthReport> {
  const checkedAt = new Date().toISOString();
  let loop: OffboardingStatus | undefined;
  const status =
    offboarding &&
    (async () => {
      loop = await offboarding();
    });
  const [entries, statusResult] = await Promise.all([
    Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await runProbe(probe, timeoutMs)] as const)),
    status ? runProbe(status, timeoutMs) : undefined,
  ]);
  const checks = Object.fromEntries(entries);
  return {
    status: entries.every(([, r]) => r.ok) ? 'ok' : 'degraded',
    version,
    checkedAt,
    checks,
    ...(statusResult ? { offboarding: statusResult.ok && loop ? loop : { unavailable: true as const } } : {}),
  };
}

/** How long one health report answers every caller. */
export const HEALTH_CACHE_MS = 5_000;

/**
 * The anonymous health endpoint must not be an amplifier (issue 11): a flood of requests would
 * otherwise turn into a flood of calls to NetBird, Graph and storage. Every caller shares the
 * check in flight, and its report for HEALTH_CACHE_MS after it settles; so 1,000 requests cost one
 * round of upstream calls per few seconds, whatever their rate.
 */
export class HealthCache {
  private current: { report: Promise<HealthReport>; settledAt?: number } | undefined;

  constructor(
    private readonly check: () => Promise<HealthReport>,
    private readonly ttlMs = HEALTH_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<HealthReport> {
    const c = this.current;
    if (c && (c.settledAt === undefined || this.now() - c.settledAt < this.ttlMs)) return c.report;
    const entry: { report: Promise<HealthReport>; settledAt?: number } = { report: this.check() };
    this.current = entry;
    entry.report.then(
      () => {
        entry.settledAt = this.now();
      },
      () => {
        if (this.current === entry) this.current = undefined;
      },
    );
    return entry.report;
  }
}

async function runProbe(probe: Probe, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: reason(err) };
  } finally {
    clearTimeout(timer);
  }
}

function reason(err: unknown): string {
  if (err instanceof UpstreamError) return err.upstreamStatus ? `answered HTTP ${err.upstreamStatus}` : 'unreachable';
  if (err instanceof AppError) return err.code;
  if (err instanceof Error && err.message === 'timeout') return 'timed out';
  return 'unreachable';
}
