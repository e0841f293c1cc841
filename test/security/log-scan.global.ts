/**
 * vitest globalSetup: empties test-results/logs before the run and, when every worker has
 * finished, scans what they printed (test/security/log-capture.ts) for secret values
 * (test/security/secret-scan.ts). A finding is printed and fails the run (exit code 1).
 */
import { rmSync } from 'node:fs';
import { LOG_DIR } from './log-capture.js';
import { describeFindings, scanLogDir } from './secret-scan.js';

export function setup(): void {
  rmSync(LOG_DIR, { recursive: true, force: true });
}

export function teardown(): void {
  const findings = scanLogDir(LOG_DIR);
  if (findings.length === 0) return;
  // Not a throw: that would skip the other global teardowns (Azurite) and hang the run.
  // eslint-disable-next-line no-console -- vitest's main process has no app logger; this is the report.
  console.error(`\n${describeFindings(findings)}\n`);
  process.exitCode = 1;
}
