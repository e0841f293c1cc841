/**
 * The NetBird activity feed at the wire: NetBird faked with nock (spec-checked), the Bot Connector
 * faked with nock, the mark and the lease in Azurite. A "restart" is a new process: services,
 * clients and tables built again from the configuration, the same storage.
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botTeamsSender } from '../../bot/teams-sender.js';
import { getServices, resetServices } from '../../functions/root/services.js';
import { DEFAULT_EVENT_TYPES } from '../../shared/activity/codes.js';
import { activityFeedDeps } from '../../shared/activity/deps.js';
import { runActivityFeed, type ActivityRunResult } from '../../shared/activity/feed.js';
import type { ActivitySettings } from '../../shared/activity/settings.js';
import { getConfig } from '../../shared/config/index.js';
import { createServices, type Services } from '../../shared/services.js';
import { recordingLogger } from '../graph/support.js';
import { useAppEnv } from '../support/app-env.js';
import { botConnector, nockBotToken, SERVICE_URL, type BotConnectorFake } from '../support/bot-connector.js';
import { expectValidCard } from '../support/cards.js';
import { IT_CHANNEL_ID } from '../support/env.js';
import {
  activityWorld,
  addEvent,
  ADMIN_SVC,
  fakeActivityNetBird,
  READ_SVC,
  type ActivityNetBird,
  type ActivityWorld,
} from './world.js';

const SETTINGS: ActivitySettings = { eventTypes: DEFAULT_EVENT_TYPES, appUserIds: [], firstRunMinutes: 60 };

describe('the NetBird activity feed', () => {
  useAppEnv({ TEAMS_SERVICE_URL: SERVICE_URL });
  let connector: BotConnectorFake;
  let world: ActivityWorld;
  let netbird: ActivityNetBird;
  /** Tables of this test only: the same prefix across "processes" is the same storage. */
  let prefix: string;

  beforeEach(() => {
    nockBotToken();
    connector = botConnector();
    world = activityWorld();
    netbird = fakeActivityNetBird(world);
    prefix = `a${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  });

  afterEach(async () => {
    await netbird.expectAllValid();
  });

  /** One process's feed: its own services (NetBird clients, Teams sender), the shared storage. */
  function feed(services: Services = getServices()) {
    return activityFeedDeps(services, recordingLogger().logger, prefix);
  }
  const processServices = () => {
    const config = getConfig();
    const { logger } = recordingLogger();
    return createServices(config, logger, botTeamsSender(config, logger));
  };

  const run = (settings: ActivitySettings = SETTINGS, services?: Services): Promise<ActivityRunResult> =>
    runActivityFeed(feed(services), settings);
  const cards = () => connector.cards().map((c) => JSON.stringify(c));

  it('posts new events once across two runs and a restart', async () => {
    addEvent(world, 'policy.update', { target_id: 'pol-1', meta: { name: 'Laptops to DCs (UDP)' } });

    expect(await run()).toMatchObject({ outcome: 'posted', posted: 1 });
    expect(await run()).toMatchObject({ outcome: 'nothing-new', posted: 0 });
    expect(cards()).toHaveLength(1);
    expect(cards()[0]).toContain('Laptops to DCs (UDP)');
    expect(cards()[0]).toContain('Alice Admin (alice@contoso.com)');
    expect(connector.activities[0]!.conversationId).toBe(IT_CHANNEL_ID);

    // A new process: the configuration, clients and tables are built again; only storage remains.
    resetServices();
    addEvent(world, 'user.block', { target_id: 'user-bob', meta: { name: 'Bob Leaver', email: 'bob@contoso.com' } });
    expect(await run()).toMatchObject({ outcome: 'posted', posted: 1 });
    expect(await run()).toMatchObject({ outcome: 'nothing-new' });
    expect(cards()).toHaveLength(2);
    expect(cards()[1]).toContain('Bob Leaver');
    expect(cards()[1]).not.toContain('Laptops to DCs');
    for (const card of connector.cards()) expectValidCard(card);
  }, 60_000); // a restart builds the bot adapter and its token again: slow on a busy machine

  it('two instances running at once post once', async () => {
    addEvent(world, 'route.delete', { meta: { name: 'Honolulu printers' } });
    addEvent(world, 'policy.delete', { meta: { name: 'Contractors to Git' } });
    const one = processServices();
    const two = processServices();

    // allSettled: a failing run must not leave the other running into the next test.
    const settled = await Promise.allSettled([run(SETTINGS, one), run(SETTINGS, two)]);
    const results = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });

    expect(results.map((r) => r.outcome).sort()).toEqual(
      results.some((r) => r.outcome === 'busy') ? ['busy', 'posted'] : ['nothing-new', 'posted'],
    );
    expect(cards()).toHaveLength(1);
    expect(cards()[0]).toContain('Honolulu printers');
    expect(cards()[0]).toContain('Contractors to Git');
    expect(await run(SETTINGS, one)).toMatchObject({ outcome: 'nothing-new' });
    expect(cards()).toHaveLength(1);
  });

  it("does not re-announce the app's own writes (its tokens' service users, and configured ids)", async () => {
    const self = { initiator_id: ADMIN_SVC, initiator_name: 'netbird-entra-ops', initiator_email: '' };
    addEvent(world, 'user.block', { ...self, meta: { name: 'Carol Leaver', email: 'carol@contoso.com' } });
    addEvent(world, 'setupkey.delete', {
      initiator_id: READ_SVC,
      initiator_name: 'netbird-entra-ops-read',
      initiator_email: '',
      meta: { name: 'Old kiosk key' },
    });
    addEvent(world, 'policy.update', {
      initiator_id: 'other-automation',
      initiator_name: 'terraform',
      initiator_email: '',
      meta: { name: 'Terraform policy' },
    });
    addEvent(world, 'user.unblock', { meta: { name: 'Dave Returner', email: 'dave@contoso.com' } });

    const result = await run({ ...SETTINGS, appUserIds: ['other-automation'] });

    expect(result).toMatchObject({ outcome: 'posted', posted: 1, own: 3 });
    expect(cards()).toHaveLength(1);
    expect(cards()[0]).toContain('Dave Returner');
    for (const hidden of ['Carol Leaver', 'Old kiosk key', 'Terraform policy'])
      expect(cards()[0]).not.toContain(hidden);
  });

  it('posts an event type it does not know generically instead of failing', async () => {
    addEvent(world, 'service.expose.create', {
      activity: 'Service exposed to the internet',
      target_id: 'svc-9',
      meta: { name: 'grafana', port: 3000 } as unknown as Record<string, string>,
    });
    addEvent(world, 'dashboard.login', { activity: 'Dashboard login' });

    const result = await run({ ...SETTINGS, eventTypes: '*' });

    expect(result).toMatchObject({ outcome: 'posted', posted: 2 });
    const card = cards()[0]!;
    expect(card).toContain('Service exposed to the internet: grafana');
    expect(card).toContain('service.expose.create');
    expect(card).toContain('"3000"');
    expectValidCard(connector.cards()[0]);
  });

  it('keeps 200 events in one run on one card under 28 KB, with "and N more"', async () => {
    for (let i = 0; i < 200; i++) {
      addEvent(world, i % 2 ? 'policy.update' : 'route.update', {
        minutesAgo: 30 - i / 10,
        meta: { name: `Change number ${i} with a name long enough to take room ${'x'.repeat(60)}` },
      });
    }

    expect(await run()).toMatchObject({ outcome: 'posted', posted: 200 });

    expect(connector.cards()).toHaveLength(1);
    const card = connector.cards()[0]!;
    expectValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    const text = JSON.stringify(card);
    const more = /and (\d+) more changes/.exec(text);
    expect(more).not.toBeNull();
    const shown = (card as { body: { type: string }[] }).body.filter((b) => b.type === 'Container').length;
    expect(shown).toBeGreaterThan(5);
    expect(shown + Number(more![1])).toBe(200);
    expect(text).toContain('Change number 199'); // newest first
  });

  it('starts from the last hour on its first run, not from the whole log', async () => {
    addEvent(world, 'policy.update', { minutesAgo: 3 * 24 * 60, meta: { name: 'Old change' } });
    addEvent(world, 'policy.update', { minutesAgo: 20, meta: { name: 'Recent change' } });

    expect(await run()).toMatchObject({ outcome: 'posted', posted: 1 });
    expect(cards()[0]).toContain('Recent change');
    expect(cards()[0]).not.toContain('Old change');
  });

  it('posts only the configured types, and still moves past the others', async () => {
    addEvent(world, 'user.peer.login', { meta: { name: 'laptop' } });
    addEvent(world, 'peer.rename', { meta: { name: 'laptop-2' } });

    expect(await run()).toMatchObject({ outcome: 'nothing-new', ignored: 2 });
    addEvent(world, 'policy.add', { meta: { name: 'New policy' } });
    expect(await run()).toMatchObject({ outcome: 'posted', posted: 1, ignored: 0 });
    expect(cards()).toHaveLength(1);
  });

  it('makes reusable setup keys stand out and names the key a peer enrolled with', async () => {
    world.setupKeys.push({
      id: 'key-1',
      key: 'A616****',
      name: 'Kiosk fleet',
      expires: '2027-01-01T00:00:00Z',
      type: 'reusable',
      valid: true,
      revoked: false,
      used_times: 3,
      last_used: '2026-12-01T00:00:00Z',
      state: 'valid',
      auto_groups: [],
      updated_at: '2026-12-01T00:00:00Z',
      usage_limit: 0,
      ephemeral: false,
      allow_extra_dns_labels: false,
    });
    addEvent(world, 'policy.update', { minutesAgo: 2, meta: { name: 'Some policy' } });
    addEvent(world, 'setupkey.add', {
      minutesAgo: 3,
      target_id: 'key-1',
      meta: { name: 'Kiosk fleet', type: 'reusable', key: 'A616****' },
    });
    addEvent(world, 'peer.setupkey.add', {
      minutesAgo: 1,
      initiator_id: 'key-1',
      initiator_name: '',
      initiator_email: '',
      meta: { name: 'kiosk-07', ip: '100.92.1.7' },
    });

    await run();

    const card = connector.cards()[0] as { body: { type: string; items?: { text?: string; color?: string }[] }[] };
    const items = card.body.filter((b) => b.type === 'Container');
    expect(items[0]!.items![0]).toMatchObject({ text: 'Setup key created: Kiosk fleet', color: 'Attention' });
    const text = JSON.stringify(card);
    expect(text).toContain('Reusable setup key');
    expect(text).toContain('By setup key \\"Kiosk fleet\\"');
    expect(text).not.toContain('A616');
    expectValidCard(card);
  });

  it('resolves an initiator without a name from the users list, and says whether a changed policy is now enabled', async () => {
    world.policies.push({
      id: 'pol-7',
      name: 'All to All',
      description: '',
      enabled: false,
      source_posture_checks: [],
      rules: [],
    });
    addEvent(world, 'policy.update', {
      target_id: 'pol-7',
      initiator_name: '',
      initiator_email: '',
      meta: { name: 'All to All' },
    });

    await run();

    const text = cards()[0]!;
    expect(text).toContain('Alice Admin (alice@contoso.com)');
    expect(text).toMatch(/"title":"Now","value":"disabled"/);
  });

  it('posts the batch again on the next run when Teams refused it', async () => {
    addEvent(world, 'network.delete', { meta: { name: 'Boulder office' } });
    connector.refuse(IT_CHANNEL_ID, 403);

    await expect(run()).rejects.toThrow(/Posting to the IT channel failed/);
    expect(cards()).toHaveLength(0);

    nock.cleanAll(); // Teams takes posts again
    nockBotToken();
    connector = botConnector();
    fakeActivityNetBird(world);
    expect(await run()).toMatchObject({ outcome: 'posted', posted: 1 });
    expect(cards()[0]).toContain('Boulder office');
  });
});
