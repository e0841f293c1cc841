/**
 * TypedQueue on Azurite: the wire encoding the Functions trigger expects, validation, poison.
 */
import { QueueClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { QUEUE_NAMES, TypedQueue, assertQueueName, createQueues } from '../../shared/store/queue.js';

const cs = inject('azuriteConnectionString');
let seq = 0;
const queueName = () => `tst-queue-${Date.now().toString(36)}-${seq++}`;

const workSchema = z.object({ kind: z.literal('offboard'), userId: z.string(), note: z.string().optional() });
const open = (name = queueName()) => TypedQueue.fromConnectionString(cs, name, { schema: workSchema });
const raw = (name: string) => new QueueClient(cs, name);

describe('TypedQueue', () => {
  it('round-trips a message whose raw text on the queue is base64 of its JSON', async () => {
    const q = open();
    const message = { kind: 'offboard' as const, userId: 'u-1', note: 'Zoë ✓' };
    await q.send(message);
    const [peeked] = (await raw(q.name).peekMessages()).peekedMessageItems;
    expect(peeked!.messageText).toBe(Buffer.from(JSON.stringify(message), 'utf8').toString('base64'));
    expect(await q.approximateCount()).toBe(1);
    const [received] = await q.receive(5, 30);
    expect(received).toMatchObject({ ok: true, body: message, dequeueCount: 1 });
    expect(received!.messageId).toBeTruthy();
    expect(received!.popReceipt).toBeTruthy();
    expect(await q.delete(received!)).toBe(true);
    expect(await q.delete(received!)).toBe(false);
    expect(await q.approximateCount()).toBe(0);
  });

  it('honours a visibility delay on send', async () => {
    const q = open();
    await q.send({ kind: 'offboard', userId: 'later' }, { visibilityTimeoutSeconds: 60 });
    expect(await q.receive(1)).toEqual([]);
    expect(await q.approximateCount()).toBe(1);
  });

  it('counts redeliveries in dequeueCount', async () => {
    const q = open();
    await q.send({ kind: 'offboard', userId: 'u' });
    await q.receive(1, 1); // visible again after a second, as after a failed run
    await new Promise((r) => setTimeout(r, 1_200));
    const [again] = await q.receive(1, 30);
    expect(again!.dequeueCount).toBe(2);
  });

  it('names the poison queue <name>-poison and moves messages there unchanged', async () => {
    const q = open();
    expect(q.poisonQueue().name).toBe(`${q.name}-poison`);
    expect(open(QUEUE_NAMES.offboardingWork).poisonQueue().name).toBe('offboarding-work-poison');
    await q.send({ kind: 'offboard', userId: 'u-2' });
    const [m] = await q.receive(1);
    await q.moveToPoison(m!);
    expect(await q.approximateCount()).toBe(0);
    const [p] = await q.poisonQueue().receive(1);
    expect(p).toMatchObject({ ok: true, body: { kind: 'offboard', userId: 'u-2' } });
  });

  it('an invalid message is returned with a ValidationError, never thrown, and can be poisoned', async () => {
    const q = open();
    await q.ensure();
    const client = raw(q.name);
    await client.sendMessage('not base64 at all!');
    await client.sendMessage(Buffer.from('{"kind":"other"}').toString('base64'));
    await client.sendMessage(Buffer.from('{oops').toString('base64'));
    await q.send({ kind: 'offboard', userId: 'fine' });
    const received = await q.receive(32);
    expect(received).toHaveLength(4);
    const bad = received.filter((m) => !m.ok);
    expect(bad).toHaveLength(3);
    for (const m of bad) expect(!m.ok && m.error).toBeInstanceOf(ValidationError);
    expect(bad.map((m) => !m.ok && m.error.message).join('\n')).toMatch(
      /not base64[\s\S]*does not match[\s\S]*not JSON/,
    );
    expect(received.filter((m) => m.ok).map((m) => m.ok && m.body.userId)).toEqual(['fine']);
    await q.moveToPoison(bad[0]!);
    const [poisoned] = await q.poisonQueue().receive(1);
    expect(poisoned!.text).toBe('not base64 at all!'); // the original content survives the move
  });

  it('validates before sending, and parse/decode throw ValidationError', async () => {
    const q = open();
    await expect(q.send({ kind: 'nope', userId: 1 } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(q.send({ kind: 'offboard', userId: 'u', note: 'x'.repeat(60_000) })).rejects.toThrow(/limit is 65536/);
    expect(() => q.parse({ userId: 'u' })).toThrow(ValidationError);
    await expect(q.receive(33)).rejects.toBeInstanceOf(ValidationError);
    await expect(q.receive(1, 0)).rejects.toBeInstanceOf(ValidationError);
    expect(() => q.decode('{"kind":"offboard","userId":"u"}')).toThrow(/not base64/);
    expect(q.decode(q.encode({ kind: 'offboard', userId: 'u' }))).toEqual({ kind: 'offboard', userId: 'u' });
  });

  it('checks queue names', () => {
    for (const bad of ['ab', 'Upper', 'double--hyphen', '-lead', 'trail-', 'a'.repeat(64)]) {
      expect(() => assertQueueName(bad)).toThrow(ValidationError);
    }
    for (const name of Object.values(QUEUE_NAMES)) assertQueueName(`${name}-poison`);
  });

  it('createQueues opens every named queue', () => {
    const queues = createQueues(cs, {
      graphNotifications: z.object({ id: z.string() }),
      offboardingWork: workSchema,
      botFollowUps: z.object({ id: z.string() }),
    });
    expect(queues.graphNotifications.name).toBe('graph-notifications');
    expect(queues.offboardingWork.name).toBe('offboarding-work');
    expect(queues.botFollowUps.name).toBe('bot-follow-ups');
  });
});
