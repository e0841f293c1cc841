import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATES, type CaseState, type OffboardingCase } from '../../shared/offboarding/model.js';
import {
  ALL_TRANSITIONS,
  canTransition,
  InvalidTransitionError,
  reachable,
  transition,
} from '../../shared/offboarding/state-machine.js';
import { nextStep } from '../../shared/offboarding/steps/plan.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');

function aCase(state: CaseState, over: Partial<OffboardingCase> = {}): OffboardingCase {
  return {
    id: 'case-1',
    userId: 'u-1',
    state,
    open: state !== 'closed',
    reason: 'disabled',
    requestedBy: { kind: 'notification' },
    dryRun: false,
    openedAt: '2026-11-20T11:00:00.000Z',
    updatedAt: '2026-11-20T11:00:00.000Z',
    devices: [],
    messages: [],
    ...over,
  };
}

describe('offboarding case state machine', () => {
  it('allows exactly the designed transitions', () => {
    expect(ALL_TRANSITIONS.map(([a, b]) => `${a} → ${b}`).sort()).toEqual([
      'awaiting-approval → cleaned-up',
      'awaiting-approval → closed',
      'awaiting-approval → escalated',
      'awaiting-approval → rejected',
      'cleaned-up → closed',
      'contained → awaiting-approval',
      'contained → closed',
      'detected → closed',
      'detected → contained',
      'escalated → cleaned-up',
      'escalated → closed',
      'escalated → rejected',
      'rejected → awaiting-approval',
      'rejected → closed',
    ]);
  });

  it('refuses every other pair, and a closed case never moves', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASE_STATES), fc.constantFrom(...CASE_STATES), (from, to) => {
        const allowed = ALL_TRANSITIONS.some(([a, b]) => a === from && b === to);
        expect(canTransition(from, to)).toBe(allowed);
        if (!allowed) expect(() => transition(aCase(from), to, NOW)).toThrow(InvalidTransitionError);
      }),
    );
    expect(reachable('closed')).toEqual(new Set(['closed']));
  });

  it('reaches closed from every state (no dead ends)', () => {
    for (const s of CASE_STATES) expect(reachable(s).has('closed'), s).toBe(true);
  });

  it('closing sets open=false, closedAt and the outcome; other moves keep the case open', () => {
    const closed = transition(aCase('cleaned-up'), 'closed', NOW, 'approved');
    expect(closed).toMatchObject({
      state: 'closed',
      open: false,
      closedAt: NOW.toISOString(),
      outcome: 'approved',
      updatedAt: NOW.toISOString(),
    });
    expect(transition(aCase('detected'), 'contained', NOW)).toMatchObject({ state: 'contained', open: true });
    expect(transition(aCase('detected'), 'contained', NOW)).not.toHaveProperty('closedAt');
  });
});

describe('next step of a stored case', () => {
  const settings = { deleteNetbirdUser: false };
  const inv = {
    at: NOW.toISOString(),
    entraDevices: [],
    quarantineWarnings: [],
    netbirdPeople: 10,
    netbirdUser: { id: 'nb', matchedBy: 'embedded-id', role: 'user', wasBlocked: false },
  };
  const machine = {
    peerId: 'p1',
    name: 'LT',
    hostname: 'LT',
    os: 'Windows',
    connected: false,
    kind: 'machine' as const,
    matchedBy: 'x',
    groups: [],
    quarantine: { removedFrom: [] },
  };
  const done = { at: NOW.toISOString(), result: 'done' as const };

  it('blocks before the inventory: find the user, admit, block, then read everything else', () => {
    const target = { at: NOW.toISOString(), netbirdUser: inv.netbirdUser, netbirdPeople: 10 };
    expect(nextStep(aCase('detected'), settings)).toBe('find-user');
    expect(nextStep(aCase('detected', { target }), settings)).toBe('admit');
    const admitted = { target, admission: { via: 'window' as const, at: NOW.toISOString() } };
    expect(nextStep(aCase('detected', admitted), settings)).toBe('block');
    expect(nextStep(aCase('detected', { ...admitted, block: done }), settings)).toBe('inventory');
    expect(
      nextStep(aCase('detected', { ...admitted, block: done, inventory: inv, devices: [machine] }), settings),
    ).toBe('quarantine');
    // No NetBird user: nothing to block, so the inventory's devices decide before the guard counts them.
    const nobody = { at: NOW.toISOString(), netbirdPeople: 10 };
    expect(nextStep(aCase('detected', { target: nobody }), settings)).toBe('inventory');
    expect(
      nextStep(aCase('detected', { target: nobody, inventory: { ...inv, netbirdUser: undefined } }), settings),
    ).toBe('close-nothing');
    expect(
      nextStep(
        aCase('detected', { target: nobody, inventory: { ...inv, netbirdUser: undefined }, devices: [machine] }),
        settings,
      ),
    ).toBe('admit');
  });

  it('walks containment one recorded step at a time (a case inventoried before the block, as stored before issue 15)', () => {
    expect(nextStep(aCase('detected', { inventory: { ...inv, netbirdUser: undefined } }), settings)).toBe(
      'close-nothing',
    );
    expect(nextStep(aCase('detected', { inventory: inv }), settings)).toBe('admit');
    const admitted = { inventory: inv, admission: { via: 'window' as const, at: NOW.toISOString() } };
    expect(nextStep(aCase('detected', admitted), settings)).toBe('block');
    expect(nextStep(aCase('detected', { ...admitted, block: done, devices: [machine] }), settings)).toBe('quarantine');
    expect(
      nextStep(
        aCase('detected', {
          ...admitted,
          block: done,
          devices: [{ ...machine, quarantine: { removedFrom: [], done } }],
        }),
        settings,
      ),
    ).toBe('contained');
    expect(nextStep(aCase('contained'), settings)).toBe('send-approval');
  });

  it('waits for a decision, for IT after a rejection, and while held', () => {
    expect(nextStep(aCase('awaiting-approval'), settings)).toBeUndefined();
    expect(nextStep(aCase('rejected'), settings)).toBeUndefined();
    expect(nextStep(aCase('detected', { hold: { batchId: 'b', at: NOW.toISOString() } }), settings)).toBeUndefined();
    expect(nextStep(aCase('closed'), settings)).toBeUndefined();
  });

  it('after approval: clean up each device, then (only with the setting) delete the NetBird user, then close', () => {
    const decision = {
      outcome: 'approve' as const,
      by: { aadObjectId: 'm' },
      at: NOW.toISOString(),
      as: 'manager' as const,
    };
    expect(nextStep(aCase('escalated', { decision, devices: [machine] }), settings)).toBe('cleanup');
    expect(
      nextStep(
        aCase('awaiting-approval', { decision, devices: [{ ...machine, cleanup: { ...done, action: 'deleted' } }] }),
        settings,
      ),
    ).toBe('cleaned-up');
    expect(nextStep(aCase('cleaned-up', { inventory: inv }), settings)).toBe('close');
    expect(nextStep(aCase('cleaned-up', { inventory: inv }), { deleteNetbirdUser: true })).toBe('delete-user');
    expect(
      nextStep(aCase('cleaned-up', { inventory: inv, netbirdUserDeleted: done }), { deleteNetbirdUser: true }),
    ).toBe('close');
    expect(
      nextStep(aCase('rejected', { unblock: { by: { aadObjectId: 'it' }, at: NOW.toISOString() } }), settings),
    ).toBe('unblock');
    expect(
      nextStep(aCase('rejected', { unblock: { by: { aadObjectId: 'it' }, at: NOW.toISOString(), done } }), settings),
    ).toBe('close-rejected');
  });
});

describe('next step of a returner restore (issue 13)', () => {
  const settings = { deleteNetbirdUser: false };
  const done = { at: NOW.toISOString(), result: 'done' as const };
  const restore = { by: { aadObjectId: 'it' }, at: NOW.toISOString() };
  const offered = { offeredAt: NOW.toISOString() };

  it("an offer alone does nothing: only an IT approver's restore moves the case", () => {
    expect(nextStep(aCase('awaiting-approval', { returner: offered }), settings)).toBeUndefined();
    expect(nextStep(aCase('closed', { returner: offered }), settings)).toBeUndefined();
  });

  it('restores first; then an open case closes (outcome restored) and a closed one stays closed', () => {
    for (const state of ['contained', 'awaiting-approval', 'escalated', 'closed'] as const) {
      expect(nextStep(aCase(state, { returner: { ...offered, restore } }), settings), state).toBe('restore-returner');
    }
    for (const state of ['contained', 'awaiting-approval', 'escalated'] as const) {
      expect(nextStep(aCase(state, { returner: { ...offered, restore: { ...restore, done } } }), settings), state).toBe(
        'close-restored',
      );
      expect(transition(aCase(state), 'closed', NOW, 'restored')).toMatchObject({
        state: 'closed',
        open: false,
        outcome: 'restored',
      });
    }
    expect(
      nextStep(aCase('closed', { returner: { ...offered, restore: { ...restore, done } } }), settings),
    ).toBeUndefined();
  });
});
