/** `events [user|device|type] [hours]` through the real messages endpoint, NetBird faked at the wire. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEventsArgs } from '../../bot/commands/events.js';
import { graphFake } from '../bot/support/graph.js';
import { useBotWorld } from '../bot/support/harness.js';
import { channelMessage, SAM } from '../bot/support/teams.js';
import { expectValidCard } from '../support/cards.js';
import {
  activityWorld,
  addEvent,
  ADMIN_SVC,
  fakeActivityNetBird,
  type ActivityNetBird,
  type ActivityWorld,
} from './world.js';
import { IVY } from '../bot/support/teams.js';

type Card = Record<string, unknown>;
const cardOf = (activity: Record<string, unknown>) => (activity.attachments as { content: Card }[])[0]!.content;

describe('the events command', () => {
  const bot = useBotWorld();
  let world: ActivityWorld;
  let netbird: ActivityNetBird;

  beforeEach(() => {
    world = activityWorld();
    netbird = fakeActivityNetBird(world);
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
    addEvent(world, 'policy.update', { minutesAgo: 50 * 60, meta: { name: 'Too old policy' } });
    addEvent(world, 'user.block', {
      minutesAgo: 120,
      initiator_id: ADMIN_SVC,
      initiator_name: 'netbird-entra-ops',
      initiator_email: '',
      meta: { name: 'Bob Leaver', email: 'bob@contoso.com' },
    });
    addEvent(world, 'peer.rename', { minutesAgo: 30, meta: { name: 'LAPTOP-42' } });
    addEvent(world, 'policy.update', { minutesAgo: 10, meta: { name: 'Laptops to DCs' } });
  });

  afterEach(async () => {
    await netbird.expectAllValid();
  });

  it("lists the last 24 hours newest first, every type, the app's own writes included", async () => {
    await bot.post(channelMessage('events'));
    const card = cardOf(bot.messages()[0]!);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).not.toContain('Too old policy');
    const order = ['Laptops to DCs', 'LAPTOP-42', 'Bob Leaver'].map((n) => text.indexOf(n));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('filters by user, device or type, and takes hours', async () => {
    await bot.post(channelMessage('events bob@contoso.com'));
    await bot.post(channelMessage('events laptop-42 1'));
    await bot.post(channelMessage('events policy 72'));
    const [byUser, byDevice, byType] = bot.messages().map((m) => JSON.stringify(cardOf(m)));
    expect(byUser).toContain('Bob Leaver');
    expect(byUser).not.toContain('LAPTOP-42');
    expect(byDevice).toContain('LAPTOP-42');
    expect(byDevice).not.toContain('Laptops to DCs');
    expect(byType).toContain('Too old policy');
    expect(byType).toContain('Laptops to DCs');
    expect(byType).not.toContain('Bob Leaver');
  });

  it('is refused to someone outside the IT group', async () => {
    await bot.post(channelMessage('events', { from: SAM }));
    expect(netbird.calls('/api/events/audit')).toBe(0);
    expect(JSON.stringify(bot.messages())).not.toContain('Laptops to DCs');
  });

  it('parses a trailing number as hours and refuses one out of range', () => {
    expect(parseEventsArgs(['Alice', 'Admin', '12'])).toEqual({ filter: 'Alice Admin', hours: 12 });
    expect(parseEventsArgs([])).toEqual({ filter: undefined, hours: 24 });
    expect(() => parseEventsArgs(['999'])).toThrow(/Hours must be/);
  });
});
