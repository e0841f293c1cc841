/**
 * Helpers for the Graph client tests: a static credential, a recording logger, fixtures, and a
 * GraphClient wired to them.
 */
import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/identity';
import nock from 'nock';
import { createLogger, type LogFields, type Logger, type LogLevel } from '../../shared/logger.js';
import { GraphClient, type GraphClientOptions } from '../../shared/graph/index.js';
import type { Clock } from '../../shared/graph/rate-limiter.js';

export const GRAPH = 'https://graph.microsoft.com';
export const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';

export interface StaticCredential extends TokenCredential {
  scopes: string[];
}

/** A TokenCredential that hands out one fixed token and remembers the scopes asked for. */
export function staticCredential(token = TOKEN): StaticCredential {
  const scopes: string[] = [];
  return {
    scopes,
    getToken: (scope) => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
}

export interface LogLine {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

export function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { logger: createLogger((level, message, fields) => lines.push({ level, message, fields })), lines };
}

export function makeClient(options: Partial<GraphClientOptions> = {}): {
  client: GraphClient;
  lines: LogLine[];
  credential: TokenCredential;
} {
  const { logger, lines } = recordingLogger();
  const credential = options.credential ?? staticCredential();
  const client = new GraphClient({
    logger,
    credential,
    maxRetries: 2,
    retryDelaySeconds: 0,
    timeoutMs: 5_000,
    ...options,
  });
  return { client, lines, credential };
}

/** nock scope on Graph that only matches requests carrying the test bearer token. */
export function graph(base = GRAPH, token = TOKEN): nock.Scope {
  return nock(base, { reqheaders: { authorization: `Bearer ${token}` } });
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/graph/${name}`, import.meta.url), 'utf8')) as T;
}

/** Virtual time: `sleep` moves the clock forward at once. */
export class FakeClock implements Clock {
  constructor(public t = 0) {}
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
    return Promise.resolve();
  }
}

/** The decoded `$filter` of a request URL. */
export function filterOf(url: string): string | null {
  return new URL(url).searchParams.get('$filter');
}

/** Largest number of times inside any closed interval of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    const inWindow = sorted.filter((t) => t >= sorted[i]! && t <= sorted[i]! + windowMs).length;
    best = Math.max(best, inWindow);
  }
  return best;
}
