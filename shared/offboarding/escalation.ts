/**
 * The escalation timer: an approval unanswered for APPROVAL_REMIND_HOURS gets one reminder to the
 * same approver; unanswered for APPROVAL_ESCALATE_HOURS, the case becomes `escalated` and the card
 * is posted to the IT channel (mentioning the manager), once. Each is recorded in the case, so a
 * later run does not repeat it. Timer functions run on one instance at a time, so "send, then
 * record" repeats a send only after a crash between the two.
 */
import { SYSTEM } from './audit.js';
import { updateCardsInPlace } from './card-updates.js';
import { audit, moveCase, updateCase } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { OffboardingCase } from './model.js';
import { CASE_PARTITION } from './storage.js';
import { approvalView, fmtTime, who } from './views.js';
import { tableFilter } from '../store/table.js';

export interface EscalationResult {
  reminded: string[];
  escalated: string[];
}

export async function runEscalation(ctx: OffboardingContext): Promise<EscalationResult> {
  const { remindAfterHours, escalateAfterHours } = ctx.services.config.offboarding;
  const rows = await ctx.storage.cases.query(
    tableFilter`PartitionKey eq ${CASE_PARTITION} and state eq ${'awaiting-approval'}`,
  );
  const out: EscalationResult = { reminded: [], escalated: [] };
  const now = ctx.now().getTime();
  for (const { value: c } of rows) {
    if (c.decision || !c.approvalSentAt) continue;
    const waited = (now - Date.parse(c.approvalSentAt)) / 3_600_000;
    if (waited >= escalateAfterHours && !c.escalatedAt) {
      if (await escalate(ctx, c, waited)) out.escalated.push(c.id);
    } else if (waited >= remindAfterHours && !c.remindedAt && !c.escalatedAt) {
      if (await remind(ctx, c, waited)) out.reminded.push(c.id);
    }
  }
  return out;
}

async function remind(ctx: OffboardingContext, c: OffboardingCase, hours: number): Promise<boolean> {
  const view = approvalView(c, {
    banner: `Reminder: waiting for a decision since ${fmtTime(c.approvalSentAt)} (${Math.floor(hours)} h)`,
    bannerStyle: 'warning',
  });
  const sent = c.manager
    ? await ctx.teams.sendToUserOrChannel({ aadObjectId: c.manager.id, name: c.manager.name }, view)
    : await ctx.teams.postToChannel(view);
  const at = ctx.now().toISOString();
  const { written } = await updateCase(ctx, c.userId, (cur) =>
    cur.id === c.id && !cur.remindedAt ? { ...cur, remindedAt: at, messages: [...cur.messages, sent] } : undefined,
  );
  if (written)
    await audit(ctx, c, {
      action: 'approval.reminded',
      actor: { kind: 'timer', name: 'escalation timer' },
      result: 'ok',
      summary: `Reminder sent for ${who(c)} via ${sent.via} after ${Math.floor(hours)} h`,
    });
  return written;
}

async function escalate(ctx: OffboardingContext, c: OffboardingCase, hours: number): Promise<boolean> {
  const escalatedView: OffboardingCase = { ...c, state: 'escalated' };
  const banner = `Escalated to IT: no decision in ${Math.floor(hours)} h${c.manager ? ` from ${c.manager.name}` : ''}. An IT approver can decide.`;
  const sent = await ctx.teams.postToChannel(
    approvalView(escalatedView, { banner, bannerStyle: 'attention' }),
    c.manager ? [{ aadObjectId: c.manager.id, name: c.manager.name }] : undefined,
  );
  const at = ctx.now().toISOString();
  const moved = await moveCase(
    ctx,
    c.userId,
    ['awaiting-approval'],
    'escalated',
    { kind: 'timer', name: 'escalation timer' },
    `Escalated to the IT channel: no decision in ${Math.floor(hours)} h`,
    (cur) => ({ escalatedAt: at, messages: [...cur.messages, sent] }),
  );
  if (moved) await updateCardsInPlace(ctx, moved);
  else
    await audit(ctx, c, {
      action: 'approval.escalation-late',
      actor: SYSTEM,
      result: 'skipped',
      summary: 'The case changed while escalating; the IT copy stays for reference',
    });
  return moved !== undefined;
}
