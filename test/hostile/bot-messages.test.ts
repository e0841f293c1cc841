/**
 * Hostile input on POST /api/messages (issue 7, item 2): raw bodies that are not JSON or carry
 * wrong types are refused before any turn runs; command arguments that try OData injection reach
 * Graph only escaped (an apostrophe in a UPN, as in o'brien@contoso.com, is valid: it is sent
 * path-encoded as %27 and doubled in a `$filter`; `/api/offboard` escaping is in
 * ./offboard.test.ts); `${…}` and markdown typed into a command come back on the card as text
 * (markdown backslash-escaped, cards/plain-text.ts), never as an expression or a link. Nothing is
 * ever written to NetBird. Missing/forged tokens, oversized bodies and
 * other tenants are in test/bot/messages.test.ts; parser properties in test/bot/parser.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpRequest, HttpResponse, InvocationContext } from '../../shared/host/azure-functions.js';
import { escapeMarkdown } from '../../cards/plain-text.js';
import type { GraphUser } from '../../shared/graph/index.js';
import { expectValidCard } from '../support/cards.js';
import { SERVICE_URL } from '../support/bot-connector.js';
import { FIXTURE_NOW, seedNetwork } from '../fixtures/network.js';
import { graphFake, type GraphFake } from '../bot/support/graph.js';
import { useBotWorld } from '../bot/support/harness.js';
import { connectorAuthorization } from '../bot/support/jwt.js';
import { netbirdFake, type NetBirdFake } from '../bot/support/netbird.js';
import { ALICE, ALICE_DEVICES, ALICE_NB, IVY_USER } from '../bot/support/people.js';
import { APP_ID, channelMessage, IVY } from '../bot/support/teams.js';
import { linesOf } from '../bot/support/card-text.js';

/** A real kind of UPN: Entra allows an apostrophe in the local part. */
const OBRIEN: GraphUser = {
  id: '7d0c5a1e-3b2f-4c6d-8e9f-0a1b2c3d4e5f',
  displayName: "Aoife O'Brien",
  userPrincipalName: "o'brien@contoso.com",
  mail: "o'brien@contoso.com",
  accountEnabled: true,
};

/** Every quote in an OData filter is a string delimiter or doubled inside a string. */
const quotesBalanced = (filter: string) => (filter.replaceAll("''", '').match(/'/g) ?? []).length % 2 === 0;

const cardOf = (activity: Record<string, unknown>) =>
  (activity.attachments as { content: Record<string, unknown> }[])[0]!.content;

describe('POST /api/messages under hostile input', () => {
  const world = useBotWorld({}, { now: () => FIXTURE_NOW });
  let nb: NetBirdFake;
  let filters: string[];
  let graph: GraphFake;

  const setup = () => {
    const net = seedNetwork();
    nb = netbirdFake(
      () => net,
      () => [ALICE_NB],
    );
    filters = [];
    graph = graphFake({
      itMembers: [IVY.aadObjectId],
      users: [ALICE, IVY_USER, OBRIEN],
      devices: ALICE_DEVICES,
      audits: (filter) => {
        filters.push(filter);
        return [200, { value: [] }];
      },
    });
  };

  afterEach(async () => {
    expect(nb.calls.every((c) => c.startsWith('GET '))).toBe(true);
    await nb.expectAllValid();
  });

  const raw = async (body: string) => {
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost:7071/api/messages',
      headers: {
        'content-type': 'application/json',
        authorization: connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL }),
      },
      body: { string: body },
    });
    const result = await world.endpoint.handler(
      request,
      new InvocationContext({ functionName: 'messages', logHandler: () => undefined }),
    );
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
    ])
      statuses.push((await raw(body)).status);
    // Not JSON / not an object: 400. Wrongly-typed activities: 400, or 200 and ignored (no turn runs).
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    for (const status of statuses.slice(5)) expect([200, 400]).toContain(status);
    expect(world.connector.activities).toEqual([]);
    expect(nb.calls).toEqual([]);
  });

  it("resets o'brien@contoso.com: answered with a card; Graph gets the UPN path-encoded and the quote doubled in $filter", async () => {
    setup();
    const res = await world.post(channelMessage("resets o'brien@contoso.com"));
    expect(res.status).toBe(200);
    const card = cardOf(world.messages()[0]!);
    expectValidCard(card);
    expect(linesOf(card)[0]).toBe("Password events: Aoife O'Brien");
    // The user lookup: the apostrophe percent-encoded in the path (shared/graph/url.ts strictEncode).
    expect(graph.urls.some((u) => u.startsWith('/v1.0/users/o%27brien%40contoso.com?'))).toBe(true);
    expect(graph.calls).toContain("GET user o'brien@contoso.com");
    // Nothing reached Graph with a raw quote; every $filter has its quotes balanced, the UPN's doubled.
    expect(graph.urls.filter((u) => u.includes("'"))).toEqual([]);
    expect(filters.length).toBeGreaterThan(0);
    expect(filters.every(quotesBalanced)).toBe(true);
    expect(filters.filter((f) => f.includes('brien'))).toEqual(
      filters.filter((f) => f.includes("'o''brien@contoso.com'")),
    );
    expect(filters.some((f) => f.includes("'o''brien@contoso.com'"))).toBe(true);
    expect(nb.calls.every((c) => c.startsWith('GET '))).toBe(true);
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
    ["tunnel x'or'1'eq'1", undefined],
    // A quote right before the @ is still a valid local-part character: looked up (not found), encoded.
    ["tunnel o'brien'@contoso.com", '/v1.0/users/o%27brien%27%40contoso.com?'],
    ['tunnel ${$root.caseId}**bold**[x](https://evil.example)', undefined],
  ])(
    '%s: answered with a card that shows the text as text; no write, the text never sent to Graph unescaped',
    async (text, lookup) => {
      setup();
      const res = await world.post(channelMessage(text));
      expect(res.status).toBe(200);
      const [reply] = world.messages();
      const card = cardOf(reply!);
      expectValidCard(card);
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      const arg = text.slice('tunnel '.length);
      // Either "Nothing found for …", "No Entra user …" or a usage line naming the argument: it is
      // quoted back as text, its markdown escaped (no bold, no link on the card).
      expect(json).toContain(JSON.stringify(`"${escapeMarkdown(arg.replaceAll('${', '$\u200B{'))}"`).slice(1, -1));
      expect(linesOf(card).some((l) => l.includes(`"${arg.replaceAll('${', '$\u200B{')}"`))).toBe(true);
      expect(JSON.stringify(card.body)).not.toContain('**bold**');
      expect(JSON.stringify(card.body)).not.toContain('[x](');
      // The message text sent with the card is escaped the same way.
      expect(String(reply!.text)).not.toMatch(/(^|[^\\])(\*\*|\[x\]\()/);
      // Nothing reached Graph with a raw quote or an expression; without an @ the typed text never did.
      expect(graph.urls.filter((u) => u.includes("'") || u.includes('${'))).toEqual([]);
      if (lookup) expect(graph.urls.some((u) => u.startsWith(lookup))).toBe(true);
      else expect(graph.calls).toEqual([`POST checkMemberGroups ${IVY.aadObjectId}`]);
      expect(filters).toEqual([]);
    },
  );
});
