/**
 * The default All→All policy must be disabled once the DC and LAN policies exist: while it is on,
 * every peer reaches everything and the other checks prove nothing (dc-access `defaultAllToAllPolicies`).
 */
import { defaultAllToAllPolicies } from '../../domain/dc-access/index.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'Default All→All policy';

export function allToAll(input: WaveCheckInput): CheckResult {
  const enabled = defaultAllToAllPolicies(input.network.policies, input.network.groups);
  if (enabled.length === 0)
    return { id: 'all-to-all', title: TITLE, status: 'green', summary: 'disabled or removed', evidence: {} };
  return {
    id: 'all-to-all',
    title: TITLE,
    status: 'red',
    summary: `still enabled: ${enabled.join(', ')}`,
    evidence: { details: enabled.map((name) => `policy "${name}" accepts all traffic from All to All`) },
  };
}
