import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GraphUser } from '../../shared/graph/index.js';
import { getCaseForUser } from '../../shared/offboarding/queries.js';
import { getServices } from '../../functions/root/services.js';
import { IT_CHANNEL_ID } from '../support/env.js';
import { expectValidCard } from '../support/cards.js';
import { graphFake } from './support/graph.js';
import { useBotWorld, type Posted } from './support/harness.js';
import { IVY_USER } from './support/people.js';
import { cardAction, channelMessage, IVY, personalMessage, SAM } from './support/teams.js';
import { cardOf, linesOf, type Card } from './support/card-text.js';

function invokeCard(res: Posted): Card {
  expect(res.status).toBe(200);
  const body = res.json as { statusCode: number; type: string; value: Card };
  expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expectValidCard(body.value);
  return body.value;
}

/** A fresh leaver per test: cases are kept per user in the shared Azurite. */
function leaver(): GraphUser {
  const id = randomUUID();
  return {
    id,
    displayName: `Leo Leaver ${id.slice(0, 4)}`,
    userPrincipalName: `leo.${id.slice(0, 8)}@contoso.com`,
    mail: null,
    accountEnabled: false,
  };
}

describe('offboard, cases, case and audit through the bot', () => {
  const world = useBotWorld();

  it('asks to confirm, then opens the case as the clicker and updates the card for everyone', async () => {
    const leo = leaver();
    graphFake({ itMembers: [IVY.aadObjectId], users: [leo, IVY_USER], devices: {} });
    await world.post(channelMessage(`offboard ${leo.userPrincipalName!} Left the company`));
    const confirm = cardOf(world.messages()[0]!);
    expectValidCard(confirm);
    expect(linesOf(confirm)).toEqual(
      expect.arrayContaining([
        `Offboard ${leo.displayName!}?`,
        `User: ${leo.userPrincipalName!}`,
        'Entra account: disabled',
        'Reason: Left the company',
      ]),
    );
    expect(confirm.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Offboard now',
        verb: 'bot.offboard.confirm',
        style: 'destructive',
        data: { user: leo.id, reason: 'Left the company' },
      },
      { type: 'Action.Execute', title: 'Cancel', verb: 'bot.offboard.cancel', data: { user: leo.id } },
    ]);
    expect(await getCaseForUser(getServices(), leo.id)).toBeUndefined();

    const res = await world.post(
      cardAction(
        'bot.offboard.confirm',
        { user: leo.id, reason: 'Left the company' },
        { inChannel: true, replyToId: '1732000000001' },
      ),
    );
    const shown = linesOf(invokeCard(res));
    expect(shown[0]).toBe(`Offboarding: ${leo.displayName!}`);
    expect(shown[1]).toMatch(new RegExp(`^Offboarding started by ${IVY.name}: containment runs now\\.`));
    expect(shown).toContain('Requested by: Ivy Kealoha (teams)');
    expect(shown).toContain('Reason: manual: Left the company');

    const stored = await getCaseForUser(getServices(), leo.id);
    expect(stored).toMatchObject({
      userId: leo.id,
      open: true,
      reason: 'manual',
      note: 'Left the company',
      requestedBy: { kind: 'teams', id: IVY.aadObjectId, name: IVY.name },
    });
    const update = world.connector.activities.find((a) => a.method === 'PUT')!;
    expect(update.conversationId).toBe(`${IT_CHANNEL_ID};messageid=1732000000001`);
    expect(update.activityId).toBe('1732000000001');
    expect(JSON.stringify(update.activity)).toContain('Offboarding started by');

    // A second click finds the open case and starts nothing new.
    const again = linesOf(
      invokeCard(await world.post(cardAction('bot.offboard.confirm', { user: leo.id }, { inChannel: true }))),
    );
    expect(again[1]).toMatch(/^Offboarding was already under way/);
    expect((await getCaseForUser(getServices(), leo.id))!.id).toBe(stored!.id);

    // cases, case and audit read it back.
    await world.post(personalMessage('cases'));
    const list = linesOf(cardOf(world.messages().at(-1)!));
    expect(list[0]).toMatch(/^Open offboarding cases: \d+$/);
    expect(list).toContain(`${leo.displayName!}: ${stored!.state}`);

    await world.post(personalMessage(`case ${leo.userPrincipalName!}`));
    const one = cardOf(world.messages().at(-1)!);
    expectValidCard(one);
    expect(linesOf(one)).toEqual(
      expect.arrayContaining([
        `Offboarding: ${leo.displayName!}`,
        `State: ${stored!.state}`,
        'No NetBird devices found for this user.',
      ]),
    );

    await world.post(personalMessage(`audit ${leo.id}`));
    const trail = cardOf(world.messages().at(-1)!);
    expectValidCard(trail);
    const trailLines = linesOf(trail);
    expect(trailLines[0]).toBe(`Audit trail: ${leo.id}`);
    expect(trailLines).toContain('By: Ivy Kealoha (teams)');
  });

  it('cancel changes nothing and says who cancelled, for everyone', async () => {
    const leo = leaver();
    graphFake({ itMembers: [IVY.aadObjectId], users: [leo, IVY_USER], devices: {} });
    const res = await world.post(
      cardAction('bot.offboard.cancel', { user: leo.id }, { inChannel: true, replyToId: '1732000000002' }),
    );
    expect(linesOf(invokeCard(res))[0]).toBe(`Offboarding not started: cancelled by ${IVY.name}`);
    expect(world.connector.activities.filter((a) => a.method === 'PUT').map((a) => a.activityId)).toEqual([
      '1732000000002',
    ]);
    expect(await getCaseForUser(getServices(), leo.id)).toBeUndefined();
  });

  it('refuses a click from someone outside the IT group: no case, the card stays', async () => {
    const leo = leaver();
    graphFake({ itMembers: [IVY.aadObjectId], users: [leo, IVY_USER], devices: {} });
    const res = await world.post(cardAction('bot.offboard.confirm', { user: leo.id }, { from: SAM }));
    expect(linesOf(invokeCard(res))[0]).toBe('Sorry, these commands are for the IT team');
    expect(world.connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);
    expect(await getCaseForUser(getServices(), leo.id)).toBeUndefined();
  });

  it('answers an unknown verb or bad card data with an error card and changes nothing', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [IVY_USER], devices: {} });
    expect(linesOf(invokeCard(await world.post(cardAction('zzz.launch', {}))))).toEqual([
      'This button is not something I know',
      'Nothing was changed.',
    ]);
    expect(linesOf(invokeCard(await world.post(cardAction('bot.launch', {}))))).toEqual([
      'This button is not something I know',
      'Nothing was changed.',
    ]);
    expect(linesOf(invokeCard(await world.post(cardAction('bot.offboard.confirm', { user: 'not-an-id' }))))[0]).toBe(
      'This button carries data I cannot read',
    );
    expect(world.connector.activities.filter((a) => a.method === 'PUT')).toEqual([]);
  });

  it('hands offboarding.* verbs to the offboarding use-case and answers with its card', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [IVY_USER], devices: {} });
    const card = invokeCard(await world.post(cardAction('offboarding.refresh', { caseId: randomUUID() })));
    expect(JSON.stringify(card)).toContain('Case not found');
  });

  it('says when there is no such user or no case', async () => {
    graphFake({ itMembers: [IVY.aadObjectId], users: [IVY_USER], devices: {} });
    await world.post(personalMessage('offboard nobody@contoso.com'));
    expect(linesOf(cardOf(world.messages().at(-1)!))[0]).toBe('No Entra user "nobody@contoso.com"');
    const id = randomUUID();
    await world.post(personalMessage(`case ${id}`));
    expect(linesOf(cardOf(world.messages().at(-1)!))[0]).toBe(`No offboarding case for ${id}`);
  });
});
