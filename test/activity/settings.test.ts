/** ACTIVITY_* settings and the mark's window, without I/O. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_TYPES } from '../../shared/activity/codes.js';
import { advance, GRACE_MS, unseen } from '../../shared/activity/watermark.js';
import { loadConfig } from '../../shared/config/index.js';
import type { NetBirdEvent } from '../../shared/netbird/index.js';
import { validEnv } from '../support/env.js';

const event = (id: string, at: number): NetBirdEvent => ({
  id,
  timestamp: new Date(at).toISOString(),
  activity: '',
  activity_code: 'policy.update',
  initiator_id: '',
  initiator_name: '',
  initiator_email: '',
  target_id: '',
  meta: {},
});

describe('activity settings', () => {
  it('defaults to the issue\'s list, takes a list or "*", and names a bad value', () => {
    expect(loadConfig(validEnv()).activity).toMatchObject({
      eventTypes: DEFAULT_EVENT_TYPES,
      appUserIds: [],
      schedule: '30 */2 * * * *',
      firstRunMinutes: 60,
    });
    expect(loadConfig(validEnv({ ACTIVITY_EVENT_TYPES: ' policy.update , user.block' })).activity.eventTypes).toEqual([
      'policy.update',
      'user.block',
    ]);
    expect(loadConfig(validEnv({ ACTIVITY_EVENT_TYPES: '*' })).activity.eventTypes).toBe('*');
    expect(() => loadConfig(validEnv({ ACTIVITY_EVENT_TYPES: 'policy update' }))).toThrow(/ACTIVITY_EVENT_TYPES/);
    expect(() => loadConfig(validEnv({ ACTIVITY_APP_USER_IDS: '*' }))).toThrow(/ACTIVITY_APP_USER_IDS/);
  });
});

describe('the high-water mark', () => {
  const t0 = Date.parse('2026-12-05T09:00:00Z');

  it('picks up an event stamped before the newest seen when it shows up late, inside the grace window', () => {
    const first = [event('2', t0)];
    const mark = advance(first, undefined, new Date(t0));
    const late = event('1', t0 - GRACE_MS / 2);
    expect(unseen([...first, late], mark, new Date(0)).map((e) => e.id)).toEqual(['1']);
    const next = advance([...first, late], mark, new Date(t0));
    expect(unseen([...first, late], next, new Date(0))).toEqual([]);
  });

  it('forgets ids older than the window, so the row stays small', () => {
    const events = [event('1', t0 - 2 * GRACE_MS), event('2', t0)];
    expect(advance(events, undefined, new Date(t0))!.seen).toEqual(['2']);
  });
});
