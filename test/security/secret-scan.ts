/**
 * What counts as a leaked secret in a log line, and the scan over the captured log files.
 *
 * Two kinds of secret reach the code under test: fixed test values (test/support/env.ts
 * TEST_SECRETS, the fake Entra and Bot Connector access tokens) and values made at run time (the
 * demo simulator's `nbp_…` tokens and `demo~…` client secret, the test JWT signing keys, the
 * `cs-<uuid>` clientState values of test/offboarding/support/world.ts). The first are matched
 * literally, the second by their shape. A finding never echoes the secret: it names the rule and
 * shows the line with the match replaced.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_SECRETS } from '../support/env.js';

// Copies of test/support/entra.ts GRAPH_ACCESS_TOKEN and bot-connector.ts BOT_TOKEN: those modules
// import nock, which must not load in the main vitest process (Azurite runs there). A test checks
// the copies still match.
export const GRAPH_ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJncmFwaCJ9.graph-access-token-sig';
export const BOT_ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJib3RmcmFtZXdvcmsifQ.bot-token-sig';

export interface SecretRule {
  name: string;
  pattern: RegExp;
}

const literal = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');

export const SECRET_RULES: SecretRule[] = [
  ...Object.entries(TEST_SECRETS).map(([name, value]) => ({ name, pattern: literal(value) })),
  { name: 'Graph access token (test/support/entra.ts)', pattern: literal(GRAPH_ACCESS_TOKEN) },
  { name: 'Bot Connector access token (test/support/bot-connector.ts)', pattern: literal(BOT_ACCESS_TOKEN) },
  // local/demo/seed/netbird.ts newToken(): nbp_ + 27 random bytes in base64url.
  { name: 'demo NetBird token', pattern: /nbp_[A-Za-z0-9_-]{36}(?![A-Za-z0-9_-])/g },
  // local/demo/seed.ts: demo~ + 24 random bytes in base64url.
  { name: 'demo Graph client secret', pattern: /demo~[A-Za-z0-9_-]{32}/g },
  { name: 'PEM private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/g },
  // test/offboarding/support/world.ts storeSubscription's default clientState.
  { name: 'test clientState', pattern: /cs-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g },
];

export interface Finding {
  rule: string;
  where: string;
  line: string;
}

/** Every rule that matches `text`, with the offending line (secret masked) for the report. */
export function scanText(text: string, where: string, rules: SecretRule[] = SECRET_RULES): Finding[] {
  const findings: Finding[] = [];
  for (const line of text.split('\n')) {
    for (const rule of rules) {
      rule.pattern.lastIndex = 0;
      if (!rule.pattern.test(line)) continue;
      rule.pattern.lastIndex = 0;
      findings.push({ rule: rule.name, where, line: line.replace(rule.pattern, '«SECRET»').slice(0, 300) });
    }
  }
  return findings;
}

/** Scans every `*.log` file in `dir` (missing dir: nothing captured, nothing found). */
export function scanLogDir(dir: string, rules: SecretRule[] = SECRET_RULES): Finding[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  } catch {
    return [];
  }
  return files.flatMap((f) => scanText(readFileSync(join(dir, f), 'utf8'), f, rules));
}

export function describeFindings(findings: Finding[]): string {
  const shown = findings.slice(0, 20).map((f) => `  - ${f.rule} in ${f.where}: ${f.line}`);
  const more = findings.length > 20 ? [`  … and ${findings.length - 20} more`] : [];
  return [`${findings.length} secret value(s) appeared in captured test output:`, ...shown, ...more].join('\n');
}
