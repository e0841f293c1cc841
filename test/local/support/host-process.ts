/**
 * One local host as its own OS process, for the two-instance test (test/local/two-hosts.test.ts)
 * and bench (bench/two-hosts.bench.ts): the registered functions over HTTP and the queue pollers,
 * configured from the environment like the Function App, on the storage account it is given.
 * Timers are off (the test drives the burst).
 *
 * Talks to its parent on stdout, one JSON object per line:
 *   {"ready": url}                         once it answers
 *   {"reports": n}                         after REPORT_READS Graph report reads (wave health's reader)
 *   {"summary": {failed, poisoned}}        on SIGTERM, after stopping: queue runs that failed, messages poisoned
 * CA_CERT_FILE: the simulators' self-signed certificate, trusted like a real CA.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { startLocalHost } from '../../../local/host.js';
import { createLogger } from '../../../shared/logger.js';
import { getServices } from '../../../functions/root/services.js';
import { waveDeps } from '../../../shared/waves/deps.js';

const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function main(): Promise<void> {
  if (process.env.CA_CERT_FILE)
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), readFileSync(process.env.CA_CERT_FILE, 'utf8')]);
  let failed = 0;
  let poisoned = 0;
  const errors: string[] = [];
  const logger = createLogger((level, message, fields) => {
    if (message === 'queue function failed') {
      failed++;
      if (errors.length < 5)
        errors.push(String((fields.error as { message?: string } | undefined)?.message ?? fields.error).slice(0, 200));
    }
    if (message === 'message moved to the poison queue') poisoned++;
  });
  const host = await startLocalHost({ port: 0, logger, timers: false });
  say({ ready: host.url });

  const reads = Number(process.env.REPORT_READS ?? 0);
  if (reads > 0) {
    // Wave health's report reader, through the app's shared limit (5 per 10 s per tenant).
    const reports = waveDeps(getServices()).reports;
    void Promise.all(Array.from({ length: reads }, () => reports.ssprAudits(new Date(Date.now() - 86_400_000)))).then(
      () => say({ reports: reads }),
      (err: unknown) => say({ reportsFailed: String(err) }),
    );
  }

  process.once('SIGTERM', () => {
    host.stop().then(
      () => {
        say({ summary: { failed, poisoned, errors } });
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`host process failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
