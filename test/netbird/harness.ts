/**
 * Shared set-up for the NetBird client tests: a client pointed at a nock scope, a recorder that
 * checks every request against the spec after each test, a raw recording logger (so a test can
 * prove the client itself never logs the token), and fixtures.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, expect } from 'vitest';
import { NetBirdClient, type NetBirdClientOptions } from '../../shared/netbird/client.js';
import { recordingLogger, type LogLine } from '../http/recording-logger.js';
import { RequestRecorder } from './spec-validator.js';

export const BASE_URL = 'https://netbird.gsisg.example';
/** Shaped like a real NetBird PAT: `nbp_`, 30 random characters, a 6-character checksum. */
export const TOKEN = 'nbp_Q3v9XkT2mL7pR4sW8yZ1aB5cD6eF0g1h2i3j';
export const CONNECTOR_ID = 'entra-d2v5k4p1l1bs73c0g1a0';

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/netbird/${name}`, import.meta.url), 'utf8')) as T;
}

export interface NetBirdTestContext {
  client: NetBirdClient;
  scope: nock.Scope;
  recorder: RequestRecorder;
  logs: LogLine[];
  /** Every delay the retry layer asked for, in ms (the injected sleep returns at once). */
  sleeps: number[];
  /** A client with other options, sharing the recorder, logs and sleeps. */
  makeClient(overrides?: Partial<NetBirdClientOptions>): NetBirdClient;
}

/**
 * Registers beforeEach/afterEach hooks and returns a context whose fields are refreshed per test.
 * After each test, every request the client sent must conform to the spec.
 */
export function useNetBird(defaults: Partial<NetBirdClientOptions> = {}): NetBirdTestContext {
  const ctx = {} as NetBirdTestContext;
  beforeEach(() => {
    const logs: LogLine[] = [];
    const sleeps: number[] = [];
    const recorder = new RequestRecorder();
    const makeClient = (overrides: Partial<NetBirdClientOptions> = {}) =>
      new NetBirdClient({
        baseUrl: BASE_URL,
        token: TOKEN,
        logger: recordingLogger(logs),
        idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        ...defaults,
        ...overrides,
      });
    Object.assign(ctx, {
      logs,
      sleeps,
      recorder,
      makeClient,
      client: makeClient(),
      scope: recorder.attach(nock(BASE_URL)),
    });
  });
  afterEach(async () => {
    ctx.recorder.dispose();
    await ctx.recorder.expectAllValid();
    expect(JSON.stringify(ctx.logs)).not.toContain(TOKEN);
  });
  return ctx;
}
