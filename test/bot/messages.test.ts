import { describe, expect, it } from 'vitest';
import { messages } from '../../functions/messages.js';
import { COMMANDS } from '../../bot/commands/index.js';
import { SERVICE_URL } from '../support/bot-connector.js';
import { IT_CHANNEL_ID } from '../support/env.js';
import { expectValidCard } from '../support/cards.js';
import { graphFake } from './support/graph.js';
import { useBotWorld } from './support/harness.js';
import { connectorAuthorization } from './support/jwt.js';
import { APP_ID, BOT_ID, channelMessage, IVY, personalConversationId, personalMessage, SAM } from './support/teams.js';

const OTHER_TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const cardOf = (activity: Record<string, unknown>) =>
  (activity.attachments as { content: Record<string, unknown> }[])[0]!.content;
const textsOf = (card: Record<string, unknown>) => JSON.stringify(card);

describe('POST /api/messages: authentication', () => {
  const world = useBotWorld();

  it('answers 401 to an activity without an Authorization header when an app id is set, and sends nothing', async () => {
    const graph = graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const res = await world.post(personalMessage('help'), 'none', messages.handler);
    expect(res.status).toBe(401);
    expect(world.connector.activities).toEqual([]);
    expect(graph.calls).toEqual([]);
  });

  it('refuses a token for another bot (wrong audience) and an expired token with 401', async () => {
    const otherBot = connectorAuthorization({ aud: '11111111-0000-4000-8000-000000000000', serviceUrl: SERVICE_URL });
    expect((await world.post(personalMessage('help'), { header: otherBot })).status).toBe(401);
    const expired = connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL, expiresIn: -3600 });
    expect((await world.post(personalMessage('help'), { header: expired })).status).toBe(401);
    expect(world.connector.activities).toEqual([]);
  });

  it('answers 401 to a token signed with another key', async () => {
    const forged = connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL, forged: true });
    const res = await world.post(personalMessage('help'), { header: forged });
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/signature|stack/i);
    expect(world.connector.activities).toEqual([]);
  });

  it('answers 400 to a body that is not an activity', async () => {
    const res = await world.post({}, 'valid');
    expect(res.status).toBe(400);
  });
});

describe('POST /api/messages: who may ask', () => {
  const world = useBotWorld();

  it('runs help for an IT member in a personal chat, with a typing indicator and the bot token', async () => {
    const graph = graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const res = await world.post(personalMessage('HELP'));
    expect(res.status).toBe(200);
    const [typing, reply] = world.connector.activities;
    expect(typing!.activity.type).toBe('typing');
    expect(reply!.conversationId).toBe(personalConversationId(IVY));
    expect(reply!.authorization).toMatch(/^Bearer /);
    const card = cardOf(reply!.activity);
    expectValidCard(card);
    for (const command of COMMANDS.filter((c) => c.name !== 'help')) {
      expect(textsOf(card)).toContain(command.usage);
      expect(textsOf(card)).toContain(`Example: ${command.example}`);
    }
    // The message text is plain text too: `<…>` escaped so Teams does not read it as markdown/html.
    expect(reply!.activity.text).toContain('tunnel \\<device | user\\>');
    expect(graph.calls).toEqual([`POST checkMemberGroups ${IVY.aadObjectId}`]);
  });

  it('politely refuses a command from someone outside the IT group, and audits the refusal', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const res = await world.post(channelMessage('tunnel LAPTOP-42', { from: SAM }));
    expect(res.status).toBe(200);
    const sent = world.messages();
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.text)).toMatch(/for the IT team/);
    expect(world.connector.activities.some((a) => a.activity.type === 'typing')).toBe(false);
    expect(res.logs.join('\n')).toMatch(/command refused/);
  });

  it('shows someone outside the IT group a help with nothing to run', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    await world.post(personalMessage('help', { from: SAM }));
    const text = textsOf(cardOf(world.messages()[0]!));
    expect(text).toMatch(/members of the IT group/);
    expect(text).not.toContain('tunnel <device');
  });

  it('ignores an activity from another tenant and logs it, without asking Graph', async () => {
    const graph = graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const res = await world.post(channelMessage('help', { tenantId: OTHER_TENANT }));
    expect(res.status).toBe(200);
    expect(world.connector.activities).toEqual([]);
    expect(graph.calls).toEqual([]);
    expect(res.logs.join('\n')).toMatch(
      new RegExp(`^warning: activity from another tenant ignored .*"tenantId":"${OTHER_TENANT}"`, 'm'),
    );
  });
});

describe('POST /api/messages: parsing', () => {
  const world = useBotWorld();

  it('answers unknown input in a channel thread with the closest commands', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const res = await world.post(channelMessage('tunel LAPTOP-42'));
    expect(res.status).toBe(200);
    const [reply] = world.messages();
    expect(world.connector.activities.at(-1)!.conversationId).toMatch(new RegExp(`^${IT_CHANNEL_ID};messageid=`));
    const card = cardOf(reply!);
    expectValidCard(card);
    expect(textsOf(card)).toContain('I don\'t know \\"tunel\\"');
    expect(textsOf(card)).toContain('Did you mean:');
    expect(textsOf(card)).toContain('tunnel <device | user>');
  });

  it('treats a message that is only the mention as help', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    await world.post({ ...channelMessage(''), text: `<at>Entra Ops</at>` });
    expect(String(world.messages()[0]!.text)).toMatch(/^What I can do/);
  });

  it('does not strip a mention of someone else', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    const message = channelMessage('<at>Alice</at> please');
    message.entities.push({ mentioned: { id: '29:alice', name: 'Alice' }, text: '<at>Alice</at>', type: 'mention' });
    await world.post(message);
    expect(textsOf(cardOf(world.messages()[0]!))).toContain('I don\'t know \\"<at>Alice</at>\\"');
    expect(BOT_ID).toMatch(/^28:/);
  });
});

describe('POST /api/messages: failures', () => {
  const world = useBotWorld();

  it('answers 400 to a body too large to be an activity, without reading it as one', async () => {
    const res = await world.post({ ...personalMessage('help'), padding: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(400);
    expect(world.connector.activities).toEqual([]);
  });

  it('logs and swallows a turn that fails (the Bot Connector refusing the reply with 403): Teams still gets 200', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    world.connector.refuse(personalConversationId(IVY), 403);
    const res = await world.post(personalMessage('help'));
    expect(res.status).toBe(200);
    expect(res.logs.join('\n')).toMatch(/^error: unhandled error in a bot turn/m);
  });

  it('tells the caller when their IT membership cannot be checked, and runs nothing', async () => {
    const res = await world.post(personalMessage('tunnel LAPTOP-42'));
    expect(res.status).toBe(200);
    expect(String(world.messages()[0]!.text)).toMatch(/^I could not check your IT group membership/);
    expect(res.logs.join('\n')).toMatch(/IT group membership check failed/);
  });
});
