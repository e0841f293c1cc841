/**
 * The whole main path (DESIGN.md §6), with the local host's queue pollers on Azurite and NetBird,
 * Graph and the Bot Connector faked with nock at the HTTP level:
 * Graph `updated` notification for a disabled user → 202 → queue → case → NetBird block (same role
 * and auto_groups) → machine peer quarantined → approval card to the manager → the manager's
 * `adaptiveCard/action` invoke posted to POST /api/messages → chosen peers deleted → case closed →
 * the card updated in place → a complete audit trail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { messages } from '../../functions/messages.js';
import { offboardingChecks } from '../../functions/offboarding-checks.js';
import { offboardingChecksPoison } from '../../functions/offboarding-checks-poison.js';
import { offboardingWork } from '../../functions/offboarding-work.js';
import { offboardingWorkPoison } from '../../functions/offboarding-work-poison.js';
import { startQueuePollers, type RunningQueues } from '../../local/queues.js';
import { silentLogger } from '../../shared/logger.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { HttpRequest, HttpResponse, InvocationContext } from '../../shared/host/azure-functions.js';
import { SERVICE_URL } from '../support/bot-connector.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { callHttp } from '../support/http.js';
import { connectorAuthorization, nockBotFrameworkKeys } from '../bot/support/jwt.js';
import { cardAction } from '../bot/support/teams.js';
import { APP_ID, personalConversation, scenario, storeSubscription, useOffboardingWorld } from './support/world.js';

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('offboarding end to end', () => {
  const w = useOffboardingWorld();

  it('notification → block → quarantine → approval card → invoke → peers deleted → closed → card updated → audit trail', async () => {
    nockBotFrameworkKeys();
    const s = await scenario(w);
    const { id: subscriptionId, clientState } = await storeSubscription(w);
    let pollers: RunningQueues | undefined;
    try {
      pollers = startQueuePollers(
        [offboardingChecks, offboardingWork, offboardingChecksPoison, offboardingWorkPoison],
        w.connectionString(),
        {
          batchSize: 16,
          maxDequeueCount: 5,
          visibilityTimeoutMs: 30_000,
          maxPollingIntervalMs: 200,
          messageEncoding: 'base64',
        },
        silentLogger,
      );

      // 1. Graph posts the `updated` notification (the sample payload, with this tenant's ids).
      const sample = JSON.parse(
        readFileSync(
          new URL('../../../shared/graph/samples/change-notification-user-updated.json', import.meta.url),
          'utf8',
        ),
      ) as { value: Record<string, unknown>[] };
      const item = {
        ...sample.value[0]!,
        clientState,
        subscriptionId,
        tenantId: TENANT_ID,
        resource: `Users/${s.leaver.id}`,
        resourceData: {
          ...(sample.value[0]!.resourceData as object),
          id: s.leaver.id,
          '@odata.id': `Users/${s.leaver.id}`,
          organizationId: TENANT_ID,
        },
      };
      const hook = await callHttp(graphNotifications, {
        method: 'POST',
        body: { string: JSON.stringify({ value: [item] }) },
        headers: { 'content-type': 'application/json' },
      });
      expect(hook.status).toBe(202);

      // 2. The queue trigger contains and sends the card.
      const waiting = await until('the approval card', async () => {
        const c = await loadCase(w.ctx(), s.leaver.id);
        return c?.state === 'awaiting-approval' ? c : undefined;
      });
      expect(w.netbird.blockCalls()).toEqual([
        { userId: s.netbirdUserId, body: { role: 'user', auto_groups: ['grp-users', 'grp-eng'], is_blocked: true } },
      ]);
      expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
      const [sent] = w.bot.activities;
      expect(sent).toMatchObject({ method: 'POST', conversationId: personalConversation(s.manager) });
      const card = w.bot.cards()[0]!;
      expectValidCard(card);
      expect(waiting.messages).toHaveLength(1);

      // 3. The manager picks "remove" for both devices and approves: Teams posts the invoke.
      const invoke = cardAction(
        'offboarding.decide',
        { caseId: waiting.id, decision: 'approve', device_0: 'remove', device_1: 'remove' },
        {
          from: { aadObjectId: s.manager.id, name: s.manager.displayName },
          replyToId: waiting.messages[0]!.activityId,
        },
      );
      const request = new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/messages',
        headers: {
          'content-type': 'application/json',
          authorization: connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL }),
        },
        body: { string: JSON.stringify(invoke) },
      });
      const logs: string[] = [];
      const result = await messages.handler(
        request,
        new InvocationContext({
          functionName: 'messages',
          logHandler: (level, ...args) => {
            logs.push(`${level} ${args.map(String).join(' ')}`);
          },
        }),
      );
      const answer = result instanceof HttpResponse ? result : new HttpResponse(result);
      const body = await answer.text();
      expect({ status: answer.status, logs: logs.filter((l) => /^(error|warning)/.test(l)) }).toEqual({
        status: 200,
        logs: [],
      });
      expect(body).toContain('Approved by Sara Davis');
      expect(JSON.parse(body)).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });

      // 4. Cleanup runs from the work queue; the case closes and the card changes in place.
      const closed = await until('the case to close', async () => {
        const c = await loadCase(w.ctx(), s.leaver.id);
        return c?.state === 'closed' ? c : undefined;
      });
      expect(closed).toMatchObject({
        outcome: 'approved',
        decision: { by: { aadObjectId: s.manager.id }, as: 'manager' },
      });
      expect(w.netbird.world.peers.map((p) => p.id).sort()).toEqual([s.otherLaptop]);
      expect(
        w.netbird
          .writes()
          .filter((r) => r.method === 'DELETE')
          .map((r) => r.path)
          .sort(),
      ).toEqual([`/api/peers/${s.laptop}`, `/api/peers/${s.ssoPeer}`].sort());
      // The case is saved closed just before its card is updated (steps/cleanup.ts): wait for the update.
      const updates = await until('the card updated in place', () => {
        const puts = w.bot.activities.filter(
          (a) => a.method === 'PUT' && a.activityId === waiting.messages[0]!.activityId,
        );
        const last = puts.at(-1);
        return Promise.resolve(last && JSON.stringify(last.activity).includes(' removed, ') ? puts : undefined);
      });
      expect(updates.length).toBeGreaterThanOrEqual(1);
      const final = (updates.at(-1)!.activity.attachments as { content: unknown }[])[0]!.content;
      expectValidCard(final);
      expect(JSON.stringify(final)).toContain('2 removed, 0 kept');

      // 5. One correlation id, every step, in order.
      const trail = await w.ctx().storage.audit.listByCorrelation(closed.id);
      expect(trail.map((e) => `${e.action}${e.action === 'state.changed' ? ` ${e.target}` : ''}`)).toEqual([
        'case.opened',
        'netbird.block-user', // containment first: the block does not wait for the inventory (issue 15)
        'inventory',
        'netbird.create-group',
        'netbird.quarantine-peer',
        'state.changed detected → contained',
        'state.changed contained → awaiting-approval',
        'teams.approval-sent',
        'decision',
        'netbird.delete-peer',
        'netbird.delete-peer',
        'state.changed awaiting-approval → cleaned-up',
        'state.changed cleaned-up → closed',
      ]);
      expect(trail.every((e) => e.userId === s.leaver.id && e.at && e.actor)).toBe(true);
      expect(trail.find((e) => e.action === 'decision')!.actor).toEqual({
        kind: 'user',
        id: s.manager.id,
        name: 'Sara Davis',
      });
      expect(await w.ctx().storage.audit.listByUser(s.leaver.id)).toHaveLength(trail.length);
    } finally {
      await pollers?.stop();
    }
  });
});
