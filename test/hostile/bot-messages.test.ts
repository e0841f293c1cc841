/**
 * Hostile input on POST /api/messages (issue 7, item 2): raw bodies that are not JSON or carry
 * wrong types are refused before any turn runs; command arguments that try OData injection reach
 * Graph never (a quote in a typed user name is a usage error; `/api/offboard` escaping is in
 * ./offboard.test.ts); `${…}` and markdown typed into a command come back on the card as text, never as
 * an expression. Nothing is ever written to NetBird. Missing/forged tokens, oversized bodies and
 * other tenants are in test/bot/messages.test.ts; parser properties in test/bot/parser.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpRequest, HttpResponse, InvocationContext } from '../../shared/host/azure-functions.js';
import { expectValidCard } from '../support/cards.js';
import { SERVICE_URL } from '../support/bot-connector.js';
import { FIXTURE_NOW, seedNetwork } from '../fixtures/network.js';
import { graphFake, type GraphFake } from '../bot/support/graph.js';
import { useBotWorld } from '../bot/support/harness.js';
import { connectorAuthorization } from '../bot/support/jwt.js';
import { netbirdFake, type NetBirdFake } from '../bot/support/netbird.js';
import { ALICE, ALICE_DEVICES, ALICE_NB, IVY_USER } from '../bot/support/people.js';
import { APP_ID, channelMessage, IVY } from '../bot/support/teams.js';

const cardOf = (activity: Record<string, unknown>) => (activity.attachments as { content: Record<string, unknown> }[])[0]!.content;

describe('POST /api/messages under hostile input', () => {
  const world = useBotWorld({}, { now: () => FIXTURE_NOW });
  let nb: NetBirdFake;
  let filters: string[];
  let graph: GraphFake;

  const setup = () => {
    const net = seedNetwork();
    nb = netbirdFake(() => net, () => [ALICE_NB]);
    filters = [];
    graph = graphFake({
      itMembers: [IVY.aadObjectId], users: [ALICE, IVY_USER], devices: ALICE_DEVICES,
      audits: (filter) => { filters.push(filter); return [200, { value: [] }]; },
    });
  };

  afterEach(async () => {
    expect(nb.calls.every((c) => c.startsWith('GET '))).toBe(true);
    await nb.expectAllValid();
  });

  const raw = async (body: string) => {
    const request = new HttpRequest({ method: 'POST', url: 'http://localhost:7071/api/messages', headers: { 'content-type': 'application/json', authorization: connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL }) }, body: { string: body } });
    const result = await world.endpoint.handler(request, new InvocationContext({ functionName: 'messages', logHandler: () => undefined }));
    return result instanceof HttpResponse ? result : new HttpResponse(result);
  };

  it('refuses malformed JSON and wrongly-typed activities with 400, runs no turn and sends nothing', async () => {
    setup();
    const good = channelMessage('help');
    const statuses: number[] = [];
    for (const body of [
      '{"type": "message", ',
      '',
      'null',
      '[]',
      '"message"',
      JSON.stringify({ ...good, type: 42 }),
      JSON.stringify({ ...good, text: { $where: 'x' } }),
      JSON.stringify({ ...good, from: 'Ivy' }),
      JSON.stringify({ ...good, conversation: null }),
    ]) statuses.push((await raw(body)).status);
    // Not JSON / not an object: 400. Wrongly-typed activities: 400, or 200 and ignored (no turn runs).
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    for (const status of statuses.slice(5)) expect([200, 400]).toContain(status);
    expect(world.connector.activities).toEqual([]);
    expect(nb.calls).toEqual([]);
  });

  it("resets o'brien@contoso.com: refused as a usage error before any Graph lookup or $filter", async () => {
    // The bot takes no quote in a typed UPN at all (bot/diagnostics/user-lookup.ts), so nothing odd
    // reaches a Graph URL; the $filter escaping itself ('' doubling) is in test/graph/audits.test.ts.
    setup();
    const res = await world.post(channelMessage("resets o'brien@contoso.com"));
    expect(res.status).toBe(200);
    const card = cardOf(world.messages()[0]!);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain(JSON.stringify(`"o'brien@contoso.com" is not a user principal name, email or object id`).slice(1, -1));
    expect(filters).toEqual([]);
    expect(nb.calls).toEqual([]);
  });

  it('a multi-word injection attempt in tunnel gets the usage card, and nothing is looked up', async () => {
    setup();
    const res = await world.post(channelMessage("tunnel x' or 1 eq 1 or displayName eq '"));
    expect(res.status).toBe(200);
    const card = cardOf(world.messages()[0]!);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Usage: tunnel <device | user>');
    expect(nb.calls).toEqual([]);
  });

  it.each([
    "tunnel x'or'1'eq'1",
    "tunnel o'brien'@contoso.com",
    'tunnel ${$root.caseId}**bold**[x](https://evil.example)',
  ])('%s: answered with a card that shows the text as text; no write, the text never sent to Graph', async (text) => {
    setup();
    const res = await world.post(channelMessage(text));
    expect(res.status).toBe(200);
    const [reply] = world.messages();
    const card = cardOf(reply!);
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    const arg = text.slice('tunnel '.length);
    // Either "Nothing found for …" or a usage line naming the argument: it is quoted back as text.
    expect(json).toContain(JSON.stringify(`"${arg.replaceAll('${', '$\u200B{')}"`).slice(1, -1));
    // Only the membership check of the caller reached Graph: the typed text never did.
    expect(graph.calls.filter((c) => c.includes("'") || c.includes('$'))).toEqual([]);
    expect(filters).toEqual([]);
  });
});
