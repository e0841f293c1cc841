/**
 * Unanswered approvals: a reminder after APPROVAL_REMIND_HOURS, escalation to the IT channel after
 * APPROVAL_ESCALATE_HOURS (the case becomes `escalated`, an IT approver can decide), each once.
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../shared/offboarding/cases.js';
import { offboardingContext } from '../../shared/offboarding/context.js';
import { runEscalation } from '../../shared/offboarding/escalation.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { drainQueues } from './support/queues.js';
import { personalConversation, scenario, useOffboardingWorld } from './support/world.js';

const H = 3_600_000;

describe('approval reminders and escalation', () => {
  const w = useOffboardingWorld({ APPROVAL_REMIND_HOURS: '24', APPROVAL_ESCALATE_HOURS: '72' });
  const at = (hoursLater: number) =>
    offboardingContext(getServices(), { now: () => new Date(Date.now() + hoursLater * H) });

  it('reminds the manager once after 24 h, escalates to IT once after 72 h; an IT approver then decides', async () => {
    const s = await scenario(w);
    await processUserCheck(
      w.ctx(),
      {
        kind: 'check',
        userId: s.leaver.id,
        changeType: 'updated',
        source: 'notification',
        admitted: false,
        receivedAt: new Date().toISOString(),
      },
      'message:1',
      1,
    );
    const caseId = (await loadCase(w.ctx(), s.leaver.id))!.id;
    const mine = (r: { reminded: string[]; escalated: string[] }) => ({
      reminded: r.reminded.filter((id) => id === caseId),
      escalated: r.escalated.filter((id) => id === caseId),
    });

    expect(mine(await runEscalation(at(23)))).toEqual({ reminded: [], escalated: [] });
    expect(mine(await runEscalation(at(25)))).toEqual({ reminded: [caseId], escalated: [] });
    expect(mine(await runEscalation(at(26)))).toEqual({ reminded: [], escalated: [] });
    const reminder = w.bot.activities.at(-1)!;
    expect(reminder.conversationId).toBe(personalConversation(s.manager));
    expect(JSON.stringify(reminder.activity)).toContain('Reminder: waiting for a decision');

    expect(mine(await runEscalation(at(73)))).toEqual({ reminded: [], escalated: [caseId] });
    expect(mine(await runEscalation(at(80)))).toEqual({ reminded: [], escalated: [] });
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({ state: 'escalated' });
    expect(c.messages.map((m) => m.via)).toEqual(['personal', 'personal', 'channel']);
    const escalation = w.bot.activities.filter((a) => a.method === 'POST').at(-1)!;
    expect(escalation.conversationId).toBe('19:it-ops-channel@thread.tacv2');
    expect(escalation.activity.text).toContain('<at>Sara Davis</at>');
    expect(JSON.stringify(escalation.activity)).toContain('Escalated to IT');
    expectValidCard(w.bot.cards().at(-1));

    const answer = await handleOffboardingAction({
      verb: 'offboarding.decide',
      data: { caseId, decision: 'approve' },
      actor: { aadObjectId: s.approver.id, name: s.approver.displayName },
      tenantId: TENANT_ID,
    });
    expect(JSON.stringify(answer.card)).toContain('Approved by Ivy Kealoha');
    await drainQueues(w.connectionString());
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({ state: 'closed', outcome: 'approved' });
    // Every copy (the first card, the reminder, the IT post) was updated in place at the end.
    const updated = new Set(
      w.bot.activities.filter((a) => a.method === 'PUT').map((a) => `${a.conversationId}/${a.activityId}`),
    );
    expect(updated.size).toBe(3);
  });
});
