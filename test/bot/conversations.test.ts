import { describe, expect, inject, it } from 'vitest';
import { CommandAudit } from '../../bot/command-audit.js';
import { followUpDeps, followUpQueue, followUpSchema, runFollowUp } from '../../bot/follow-up.js';
import { silentLogger } from '../../shared/logger.js';
import { ConversationRefs } from '../../shared/teams/conversation-refs.js';
import { SERVICE_URL } from '../support/bot-connector.js';
import { IT_CHANNEL_ID } from '../support/env.js';
import { expectValidCard } from '../support/cards.js';
import { FIXTURE_NOW, seedNetwork } from '../fixtures/network.js';
import { graphFake } from './support/graph.js';
import { useBotWorld } from './support/harness.js';
import { netbirdFake } from './support/netbird.js';
import {
  BOT_ID,
  channelMessage,
  IVY,
  personalConversationId,
  personalInstall,
  personalMessage,
  SAM,
  teamInstall,
} from './support/teams.js';

type Card = Record<string, unknown>;
const cardOf = (activity: Record<string, unknown>) => (activity.attachments as { content: Card }[])[0]!.content;
const refs = () => new ConversationRefs(inject('azuriteConnectionString'));
const correlationIdIn = (logs: string[]) => /"correlationId":"([0-9a-f-]{36})"/.exec(logs.join('\n'))?.[1];

describe('conversation references', () => {
  const world = useBotWorld();

  it('keeps the personal chat on install and says hello', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const who = { ...SAM, aadObjectId: crypto.randomUUID() };
    const res = await world.post(personalInstall({ from: who }));
    expect(res.status).toBe(200);
    const saved = await refs().forUser(who.aadObjectId);
    expect(saved).toMatchObject({
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      conversation: { id: personalConversationId(who), conversationType: 'personal' },
      bot: { id: BOT_ID },
      user: { aadObjectId: who.aadObjectId },
    });
    const [hello] = world.messages();
    expect(String(hello!.text)).toMatch(/^Hello, I am NetBird Entra Ops/);
    expectValidCard(cardOf(hello!));
  });

  it('keeps the channel (not the thread) when added to a team, without posting', async () => {
    const res = await world.post(teamInstall());
    expect(res.status).toBe(200);
    expect(await refs().forConversation(IT_CHANNEL_ID)).toMatchObject({
      conversation: { id: IT_CHANNEL_ID, conversationType: 'channel' },
      serviceUrl: SERVICE_URL,
    });
    expect(world.messages()).toEqual([]);
  });

  it('keeps the reference of every message: a personal chat by user, a channel by channel', async () => {
    graphFake({ itMembers: [], users: [], devices: {} });
    const who = { ...SAM, aadObjectId: crypto.randomUUID() };
    await world.post(personalMessage('help', { from: who }));
    expect((await refs().forUser(who.aadObjectId))?.conversation.id).toBe(personalConversationId(who));
    await world.post(channelMessage('help', { from: who }));
    expect((await refs().forConversation(IT_CHANNEL_ID))?.conversation.id).toBe(IT_CHANNEL_ID);
  });
});

describe('a lookup slower than the deadline', () => {
  const world = useBotWorld({}, { now: () => FIXTURE_NOW, deadlineMs: 150 });

  it('says "still looking" inside the deadline, stops its own run, and the queued follow-up answers in the same thread', async () => {
    const net = seedNetwork();
    const nb = netbirdFake(
      () => net,
      () => [],
      { delayMs: 400 },
    );
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const queue = followUpQueue(inject('azuriteConnectionString'));
    const message = channelMessage('tunnel LAPTOP-42');
    const res = await world.post(message);
    expect(res.status).toBe(200);
    // The HTTP answer went back with "still looking" only.
    const early = world.messages();
    expect(early).toHaveLength(1);
    expect(String(early[0]!.text)).toMatch(/^Still looking…/);

    // The run of this turn was cancelled: once it has stopped, no request of it is still going,
    // and it never got as far as a whole answer (14 NetBird reads).
    await world.endpoint.settled();
    const cancelledCalls = nb.calls.length;
    expect(cancelledCalls).toBeLessThan(14);
    await new Promise((r) => setTimeout(r, 600));
    expect(nb.calls.length).toBe(cancelledCalls);
    expect(world.messages()).toHaveLength(1);

    // The follow-up is a message on the queue; the queue trigger answers (as a new instance would).
    const [queued] = await queue.receive(1, 30);
    expect(queued?.ok).toBe(true);
    const correlationId = correlationIdIn(res.logs);
    expect(queued!.ok && queued!.body).toMatchObject({
      correlationId,
      command: 'tunnel',
      args: ['LAPTOP-42'],
      caller: { aadObjectId: IVY.aadObjectId },
      reference: { conversation: { id: `${IT_CHANNEL_ID};messageid=${message.id}` } },
    });
    // What the registered trigger (functions/bot-follow-ups.ts) runs, with the test's fixed clock.
    const run = () =>
      runFollowUp(
        { ...followUpDeps(), now: () => FIXTURE_NOW },
        followUpSchema.parse(JSON.parse(queued!.text)),
        silentLogger,
      );
    expect(await run()).toBe('answered');
    await queue.delete(queued!);

    const all = world.messages();
    expect(all).toHaveLength(2);
    const followUp = world.connector.activities.at(-1)!;
    expect(followUp.conversationId).toBe(`${IT_CHANNEL_ID};messageid=${message.id}`);
    expect(String(all[1]!.text)).toMatch(/^Tunnel: LAPTOP-42\nLAPTOP-42: DC line of sight: OK/);
    expectValidCard(cardOf(all[1]!));
    expect(nb.calls.length - cancelledCalls).toBe(14);

    const events = await new CommandAudit(inject('azuriteConnectionString')).byCorrelation(correlationId!);
    expect(events).toMatchObject([
      {
        kind: 'bot.command',
        command: 'tunnel',
        args: ['LAPTOP-42'],
        outcome: 'followed-up',
        actor: { aadObjectId: IVY.aadObjectId, name: IVY.name },
        conversationType: 'channel',
      },
    ]);
    expect(events[0]!.durationMs).toBeGreaterThanOrEqual(400);

    // Delivered again (the instance died before deleting it): answered already, nothing sent twice.
    expect(await run()).toBe('already-answered');
    expect(world.messages()).toHaveLength(2);
  });
});

describe('the audit trail of commands', () => {
  const world = useBotWorld();

  it('records a refused command with who asked', async () => {
    graphFake({ itMembers: [], users: [], devices: {} });
    const res = await world.post(personalMessage('tunnel LAPTOP-42', { from: SAM }));
    const correlationId = correlationIdIn(res.logs);
    const events = await new CommandAudit(inject('azuriteConnectionString')).byCorrelation(correlationId!);
    expect(events).toMatchObject([
      {
        command: 'tunnel',
        args: ['LAPTOP-42'],
        outcome: 'refused',
        actor: { aadObjectId: SAM.aadObjectId },
        conversationType: 'personal',
      },
    ]);
  });
});
