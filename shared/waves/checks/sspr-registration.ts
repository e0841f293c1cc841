/**
 * Share of the wave's users registered for SSPR (`isSsprRegistered` of their registration
 * details, joined by id). A user with no record (the report skips disabled users, and new users
 * appear late) counts as not registered and is named as such.
 * https://learn.microsoft.com/graph/api/resources/userregistrationdetails
 */
import { percent } from '../format.js';
import { gradeAtLeast } from '../thresholds.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'SSPR registration';

export function ssprRegistration(input: WaveCheckInput): CheckResult {
  const users = input.members.users;
  if (users.length === 0)
    return {
      id: 'sspr-registration',
      title: TITLE,
      status: 'amber',
      summary: 'no Entra users known for this wave',
      evidence: {},
    };
  if (!input.registrations.ok) {
    return {
      id: 'sspr-registration',
      title: TITLE,
      status: 'amber',
      summary: `could not read registration details: ${input.registrations.error}`,
      evidence: {},
    };
  }
  const details = input.registrations.value;
  const unregistered = users
    .map((u) => ({ user: u, record: details.get(u.id.toLowerCase()) }))
    .filter((x) => x.record?.isSsprRegistered !== true)
    .sort((a, b) => a.user.name.localeCompare(b.user.name));
  const share = (users.length - unregistered.length) / users.length;
  return {
    id: 'sspr-registration',
    title: TITLE,
    status: gradeAtLeast(share, input.thresholds.ssprRegisteredShare),
    summary: `${percent(share)} of ${users.length} users registered for SSPR (${unregistered.length} not)`,
    value: share,
    unit: 'share',
    evidence: { users: unregistered.map((x) => (x.record ? x.user.name : `${x.user.name} (no registration record)`)) },
  };
}
