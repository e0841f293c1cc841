/**
 * The suite-wide secret check can fail: output is really captured from the logger and console,
 * the scan finds an unregistered secret, and a registered one is redacted before it is printed.
 * The canary secrets here are not in SECRET_RULES, so printing them does not fail the run; the
 * scan is pointed at them explicitly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLineLogger, registerSecrets } from '../../shared/logger.js';
import { BOT_TOKEN } from '../support/bot-connector.js';
import { GRAPH_ACCESS_TOKEN } from '../support/entra.js';
import { TEST_SECRETS } from '../support/env.js';
import { installLogCapture } from './log-capture.js';
import {
  BOT_ACCESS_TOKEN,
  describeFindings,
  GRAPH_ACCESS_TOKEN as GRAPH_COPY,
  scanLogDir,
  scanText,
  SECRET_RULES,
} from './secret-scan.js';

const capture = installLogCapture();
const canary = () => `canary-${randomBytes(12).toString('hex')}`;
const rule = (value: string) => [{ name: 'canary', pattern: new RegExp(value, 'g') }];
const captured = () => capture.lines.join('');

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('secret scan of captured output', () => {
  it('detects a secret written through the logger without being registered', () => {
    const secret = canary();
    jsonLineLogger('info').error('calling NetBird', { authorization: `Token ${secret}` });
    const findings = scanText(captured(), 'worker', rule(secret));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toContain('Token «SECRET»');
    expect(findings[0]!.line).not.toContain(secret);
  });

  it('detects a secret printed with console.log', () => {
    const secret = canary();
    // eslint-disable-next-line no-console -- the point: a stray console.log is captured too.
    console.log('debugging', { secret });
    expect(scanText(captured(), 'worker', rule(secret))).toHaveLength(1);
  });

  it('finds nothing once the value is registered: the logger redacts it', () => {
    const secret = canary();
    registerSecrets([secret]);
    jsonLineLogger('info').warn(`token ${secret} rejected`, { secret });
    expect(captured()).toContain('token [redacted] rejected');
    expect(scanText(captured(), 'worker', rule(secret))).toEqual([]);
  });

  it('fails on a configured test secret in a log file, without repeating the secret', () => {
    dir = mkdtempSync(join(tmpdir(), 'logscan-'));
    writeFileSync(
      join(dir, '1.log'),
      `{"level":"info","message":"ok"}\n{"message":"auth","secret":"${TEST_SECRETS.GRAPH_CLIENT_SECRET}"}\n`,
    );
    writeFileSync(join(dir, '2.log'), `{"message":"clientState cs-0d4e4a8b-7a35-4d7f-9c2e-3b1a2f6e9d01"}\n`);
    const findings = scanLogDir(dir);
    expect(findings.map((f) => f.rule).sort()).toEqual(['GRAPH_CLIENT_SECRET', 'test clientState']);
    const report = describeFindings(findings);
    expect(report).toContain('2 secret value(s)');
    expect(report).not.toContain(TEST_SECRETS.GRAPH_CLIENT_SECRET);
  });

  it('matches the demo simulator secrets by shape', () => {
    const token = `nbp_${randomBytes(27).toString('base64url')}`;
    const secret = `demo~${randomBytes(24).toString('base64url')}`;
    const text = `a ${token} b\nc ${secret} d\n-----BEGIN PRIVATE KEY-----\n`;
    expect(scanText(text, 'x').map((f) => f.rule)).toEqual([
      'demo NetBird token',
      'demo Graph client secret',
      'PEM private key',
    ]);
    expect(scanText('nbp_short and demo~x and a normal line', 'x')).toEqual([]);
  });

  it("keeps its copies of the fake access tokens in step with the test helpers'", () => {
    expect(GRAPH_COPY).toBe(GRAPH_ACCESS_TOKEN);
    expect(BOT_ACCESS_TOKEN).toBe(BOT_TOKEN);
    expect(SECRET_RULES.length).toBeGreaterThan(Object.keys(TEST_SECRETS).length);
  });
});
