/**
 * Joiners in the bot's read-outs: `pending` lists who waits for NetBird approval (read from NetBird
 * now, with each card's state), `case <user>` shows the joiner request, `audit <user>` every joiner
 * step in the user's trail. The commands run as the bot runs them, on the wire fakes and Azurite.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../bot/commands/audit.js';
import { caseCommand } from '../../bot/commands/case.js';
import { COMMANDS } from '../../bot/commands/index.js';
import { pending } from '../../bot/commands/pending.js';
import type { BotCommand } from '../../bot/commands/types.js';
import { handleJoinerAction } from '../../shared/joiners/decide.js';
import { runJoinerPoll } from '../../shared/joiners/poll.js';
import { silentLogger } from '../../shared/logger.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { useOffboardingWorld } from '../offboarding/support/world.js';
import { clearJoiners, deps, pendingJoiner } from './support.js';

const run = (command: BotCommand, args: string[], caller: { id: string; displayName: string }) =>
  command.run({
    args,
    caller: { aadObjectId: caller.id, name: caller.displayName },
    services: getServices(),
    logger: silentLogger,
    correlationId: randomUUID(),
    now: () => new Date(),
    commands: COMMANDS,
  });
const text = (r: { card: unknown }) => JSON.stringify(r.card);

describe('joiners in pending, case and audit', () => {
  const w = useOffboardingWorld();
  beforeEach(clearJoiners);

  it('pending lists the waiting user before and after the card; case and audit show the request and every step', async () => {
    const s = await pendingJoiner(w);
    const before = await run(pending, [], s.approver);
    expectValidCard(before.card);
    expect(text(before)).toContain('Waiting for NetBird approval: 1');
    expect(text(before)).toContain('no card yet');

    await runJoinerPoll(deps());
    const after = await run(pending, [], s.approver);
    expect(text(after)).toContain('awaiting-approval, card sent');
    expect(text(after)).toContain('Sara Davis');

    await handleJoinerAction(deps(), {
      verb: 'joiner.decide',
      data: { joinerId: `joiner-${s.joinerNetbirdId}`, decision: 'approve' },
      actor: { aadObjectId: s.manager.id, name: s.manager.displayName },
      tenantId: TENANT_ID,
    });
    expect(text(await run(pending, [], s.approver))).toContain('Waiting for NetBird approval: 0');

    const c = await run(caseCommand, [s.joiner.userPrincipalName], s.approver);
    expectValidCard(c.card);
    expect(text(c)).toContain('Joiner: Noa Kealoha');
    expect(text(c)).toContain('approve by Sara Davis as manager');

    const trail = await run(audit, [s.joiner.id], s.approver);
    expectValidCard(trail.card);
    for (const step of ['joiner.detected', 'approval.sent', 'decision', 'netbird.user-approve'])
      expect(text(trail)).toContain(step);
  });

  it('pending is for IT only, and is typed rather than listed in the Teams manifest', () => {
    expect(pending.audience).toBe('it');
    expect(pending.inManifest).toBe(false);
  });
});
