/**
 * Health probe: the cheapest call the app's permissions (User.Read.All) surely allow. It exercises
 * token acquisition, the network path and Graph itself.
 */
import { z } from 'zod';
import type { GraphTransport } from './transport.js';

export interface PingResult {
  ok: true;
  latencyMs: number;
}

const anyList = z.object({ value: z.array(z.unknown()) });

/** Resolves with the round-trip time, or throws the call's `GraphError`. */
export async function ping(t: GraphTransport, now: () => number = () => performance.now()): Promise<PingResult> {
  const started = now();
  await t.json({ path: '/users', query: { select: ['id'], top: 1 } }, anyList);
  return { ok: true, latencyMs: Math.round(now() - started) };
}
