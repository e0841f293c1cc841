import { randomUUID } from 'node:crypto';
import { declareLoopbackHost, resetRuntimeForTests } from '../../shared/host/runtime.js';
import { describe, expect, inject, it } from 'vitest';
import { createAdapter } from '../../bot/adapter.js';
import { loadConfig } from '../../shared/config/index.js';
import { silentLogger } from '../../shared/logger.js';
import { ConversationRefs } from '../../shared/teams/conversation-refs.js';
import { TeamsNotifier } from '../../bot/notifier.js';
import { BOT_TOKEN, botConnector, nockBotToken, SERVICE_URL } from '../support/bot-connector.js';
import { IT_CHANNEL_ID, TENANT_ID, validEnv } from '../support/env.js';

const card = { type: 'AdaptiveCard' as const, version: '1.5' as const, body: [{ type: 'TextBlock', text: 'hello' }] };

function setup(env: Record<string, string | undefined> = {}) {
  const config = loadConfig(validEnv({ TEAMS_SERVICE_URL: SERVICE_URL, ...env }));
  const refs = new ConversationRefs(inject('azuriteConnectionString'));
  const notifier = new TeamsNotifier({
    adapter: createAdapter(config.bot),
    refs,
    bot: config.bot,
    channelId: config.it.channelId,
    logger: silentLogger,
  });
  return { config, refs, notifier };
}

async function installFor(refs: ConversationRefs, aadObjectId: string, conversationId: string) {
  await refs.save({
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    bot: { id: '28:99999999-8888-7777-6666-555555555555', name: 'Entra Ops' },
    user: { id: `29:${aadObjectId}`, aadObjectId, name: 'Maria Manager' },
  });
}

describe('TeamsNotifier', () => {
  it('sends a card 1:1 where the app is installed, with the bot token', async () => {
    nockBotToken();
    const bc = botConnector();
    const { refs, notifier } = setup();
    const aad = randomUUID();
    await installFor(refs, aad, `a:personal-${aad}`);
    const sent = await notifier.sendToUserOrChannel(
      { aadObjectId: aad, name: 'Maria Manager' },
      { card, text: 'Approve offboarding' },
    );
    expect(sent).toMatchObject({ via: 'personal', conversationId: `a:personal-${aad}`, activityId: 'activity-1' });
    expect(bc.activities).toHaveLength(1);
    expect(bc.activities[0]!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(bc.cards()[0]).toEqual(card);
  });

  it('falls back to an IT-channel post mentioning the person when the app is not installed (403), and remembers it', async () => {
    nockBotToken();
    const bc = botConnector();
    const { refs, notifier } = setup();
    const aad = randomUUID();
    await installFor(refs, aad, `a:gone-${aad}`);
    bc.refuse(`a:gone-${aad}`);
    const sent = await notifier.sendToUserOrChannel(
      { aadObjectId: aad, name: 'Maria <Manager>' },
      { card, text: 'Approve offboarding' },
    );
    expect(sent.via).toBe('channel');
    expect(sent.conversationId).toBe(IT_CHANNEL_ID);
    const post = bc.activities.at(-1)!;
    expect(post.conversationId).toBe(IT_CHANNEL_ID);
    expect(post.activity.text).toBe('<at>Maria Manager</at> Approve offboarding');
    expect(post.activity.entities).toEqual([
      { type: 'mention', text: '<at>Maria Manager</at>', mentioned: { id: aad, name: 'Maria <Manager>' } },
    ]);
    expect(await refs.forUser(aad)).toBeUndefined();
    await notifier.sendToUserOrChannel({ aadObjectId: aad, name: 'Maria' }, { card, text: 'again' });
    expect(bc.activities.filter((a) => a.conversationId.startsWith('a:gone'))).toHaveLength(0);
  });

  it('updates a card in place with PUT on the same activity', async () => {
    nockBotToken();
    const bc = botConnector();
    const { notifier } = setup();
    const sent = await notifier.postToChannel({ card, text: 'first' });
    const updated = { ...card, body: [{ type: 'TextBlock', text: 'decided' }] };
    await notifier.update(sent, { card: updated, text: 'decided' });
    expect(bc.activities.map((a) => [a.method, a.conversationId])).toEqual([
      ['POST', IT_CHANNEL_ID],
      ['PUT', IT_CHANNEL_ID],
    ]);
    expect(bc.activities[1]!.activityId).toBe(sent.activityId);
    expect(bc.cards()[1]).toEqual(updated);
  });

  it('sends without a token when no bot app id is set (local mode)', async () => {
    declareLoopbackHost('127.0.0.1'); // only the loopback local host may run without one
    try {
      const bc = botConnector();
      const { notifier } = setup({ MicrosoftAppId: undefined, MicrosoftAppPassword: undefined });
      await notifier.postToChannel({ card, text: 'local' });
      expect(bc.activities[0]!.authorization).toBeNull();
    } finally {
      resetRuntimeForTests();
    }
  });
});
