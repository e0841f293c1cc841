/**
 * OpenTelemetry to Application Insights (`@azure/monitor-opentelemetry`), off unless
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set. Logs go through the injected logger (which also
 * emits OpenTelemetry log records once telemetry is on) and a few product metrics are recorded here.
 * While telemetry is off the OpenTelemetry API hands out no-op instruments, so callers always record.
 * https://learn.microsoft.com/azure/azure-monitor/app/opentelemetry-enable?tabs=nodejs
 */
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { metrics } from '@opentelemetry/api';
import type { LogFields, LogLevel } from './logger.js';

const NAME = 'netbird-entra-ops';
let started = false;

export async function startTelemetry(connectionString: string | undefined): Promise<boolean> {
  if (!connectionString || started) return started;
  const { useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString }, enableLiveMetrics: false });
  started = true;
  return true;
}

export async function stopTelemetry(): Promise<void> {
  if (!started) return;
  const { shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  await shutdownAzureMonitor();
  started = false;
}

const meter = () => metrics.getMeter(NAME);

/** Product metrics (DESIGN.md: notifications received, cases opened, users blocked, approval latency). */
export const appMetrics = {
  notificationsReceived: (count: number) =>
    meter()
      .createCounter('entraops.notifications.received', { description: 'Graph change notifications accepted' })
      .add(count),
  casesOpened: () => meter().createCounter('entraops.cases.opened', { description: 'Offboarding cases opened' }).add(1),
  usersBlocked: () => meter().createCounter('entraops.users.blocked', { description: 'NetBird users blocked' }).add(1),
  approvalLatency: (seconds: number) =>
    meter()
      .createHistogram('entraops.approval.latency', { description: 'Time from approval card to decision', unit: 's' })
      .record(seconds),
};

const SEVERITY: Record<LogLevel, SeverityNumber> = {
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
};

/** Emits an (already redacted) log line as an OpenTelemetry log record when telemetry is on. */
export function emitLogRecord(level: LogLevel, message: string, fields: LogFields): void {
  if (!started) return;
  const attributes: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(fields)) {
    attributes[k] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
  logs
    .getLogger(NAME)
    .emit({ severityNumber: SEVERITY[level], severityText: level.toUpperCase(), body: message, attributes });
}
