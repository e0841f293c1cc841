/**
 * The demo tenant (`npm start`): the NetBird simulator's seeded policy change by a person is what
 * the feed's first run posts, and what the app itself does there is not re-announced.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { activityFeedCard } from '../../cards/activity/activity.js';
import { DEFAULT_EVENT_TYPES } from '../../shared/activity/codes.js';
import { runActivityFeed } from '../../shared/activity/feed.js';
import type { ActivityFeedView } from '../../shared/activity/types.js';
import { watermarkTable } from '../../shared/activity/watermark.js';
import { leaseSchema } from '../../shared/store/lease.js';
import { EntityTable } from '../../shared/store/table.js';
import { tableName } from '../../shared/store/tables.js';
import { useWorld } from '../demo/support.js';
import { expectValidCard } from '../support/cards.js';

describe('the activity feed on the demo tenant', () => {
  const ctx = useWorld();

  it("posts the seeded policy change by a person, not the app's own block", async () => {
    const { services } = ctx;
    const victim = (await services.netbirdAdmin.listUsers({ serviceUsers: false })).find(
      (u) => !u.is_blocked && u.role === 'user',
    )!;
    await services.netbirdAdmin.blockUser(victim.id);
    const views: ActivityFeedView[] = [];
    const cs = inject('azuriteConnectionString');
    const prefix = `d${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const result = await runActivityFeed(
      {
        netbird: services.netbirdRead,
        netbirdAdmin: services.netbirdAdmin,
        marks: watermarkTable(cs, prefix),
        leases: EntityTable.fromConnectionString(cs, tableName('leases', prefix), { schema: leaseSchema }),
        post: (view) => {
          views.push(view);
          return Promise.resolve();
        },
        logger: services.logger,
      },
      { eventTypes: DEFAULT_EVENT_TYPES, appUserIds: [], firstRunMinutes: 60 },
    );

    expect(result.outcome).toBe('posted');
    const items = views.flatMap((v) => v.items);
    expect(items.some((i) => i.code === 'policy.update' && !i.who.includes('netbird-entra-ops'))).toBe(true);
    expect(items.some((i) => i.code === 'user.block')).toBe(false);
    expect(result.own).toBeGreaterThanOrEqual(1);
    expectValidCard(activityFeedCard(views[0]!).card);
  });
});
