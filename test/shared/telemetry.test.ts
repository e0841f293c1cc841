import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.js';
import { appMetrics, startTelemetry, stopTelemetry } from '../../shared/telemetry.js';

const INGEST = 'https://ingest.telemetry.test';

type Envelope = { data?: { baseData?: { message?: string; properties?: Record<string, string> } } };

describe('telemetry', () => {
  it('is off without a connection string: recording is a no-op and nothing is sent', async () => {
    expect(await startTelemetry(undefined)).toBe(false);
    appMetrics.casesOpened();
    appMetrics.approvalLatency(12);
  });

  it('exports product metrics and log records to Application Insights when a connection string is set', async () => {
    process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL = 'true';
    const bodies: string[] = [];
    nock(INGEST)
      .persist()
      .post(/\/v2(\.1)?\/track/)
      .reply(async (req: Request) => {
        bodies.push(await req.text());
        return [200, { itemsReceived: 1, itemsAccepted: 1, errors: [] }];
      });
    expect(
      await startTelemetry(`InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${INGEST}/`),
    ).toBe(true);
    appMetrics.notificationsReceived(3);
    appMetrics.usersBlocked();
    createLogger(() => undefined).info('case opened', { correlationId: 'c-42' });
    await stopTelemetry();
    const all = bodies.join('\n');
    expect(all).toContain('entraops.notifications.received');
    expect(all).toContain('entraops.users.blocked');
    expect(all).toContain('case opened');
    // The log record is the message as written, its fields custom dimensions (queryable properties).
    const envelopes = bodies
      .flatMap((b) => b.split('\n'))
      .flatMap((line) => {
        const parsed = JSON.parse(line) as Envelope | Envelope[];
        return Array.isArray(parsed) ? parsed : [parsed];
      });
    const record = envelopes.find((e) => e.data?.baseData?.message?.startsWith('case opened'));
    expect(record?.data?.baseData, all).toMatchObject({
      message: 'case opened',
      properties: { correlationId: 'c-42' },
    });
  }, 30_000);
});
