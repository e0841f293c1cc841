/**
 * Which AD ports the enabled policies open from a set of source groups to a site's DCs.
 * NetBird 0.77 keeps one rule per policy and a rule has `ports` or `port_ranges`, so coverage is
 * the union over every enabled accepting rule whose sources hold one of the groups and whose
 * destinations reach the DCs (DESIGN.md §5). A rule with neither ports nor ranges opens all ports.
 */
import { AD_PORTS, formatPort, type PortRequirement, type Protocol } from './ad-ports.js';
import type { SiteTargets } from './dc-targets.js';
import type { Policy, PolicyRule } from './netbird-types.js';

type Interval = [number, number];

export interface PortCoverage {
  site: string;
  missing: PortRequirement[];
  /** Names of the policies that grant something towards this site's DCs. */
  grantingPolicies: string[];
}

function ruleIntervals(rule: PolicyRule): Interval[] {
  const ranges: Interval[] = (rule.port_ranges ?? []).map((r) => [r.start, r.end]);
  for (const port of rule.ports ?? []) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(port.trim());
    if (m) ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return ranges.length ? ranges : [[0, 65535]];
}

function ruleTouches(rule: PolicyRule, sourceGroupIds: ReadonlySet<string>, targets: SiteTargets): boolean {
  const fromUs =
    (rule.sources ?? []).some((g) => sourceGroupIds.has(g.id)) ||
    (rule.bidirectional && (rule.destinations ?? []).some((g) => sourceGroupIds.has(g.id)));
  if (!fromUs) return false;
  const dest = [...(rule.destinations ?? []), ...(rule.bidirectional ? (rule.sources ?? []) : [])];
  const toDcs =
    dest.some((g) => targets.groupIds.has(g.id)) ||
    (rule.destinationResource !== undefined && targets.resources.some((r) => r.id === rule.destinationResource?.id));
  return toDcs;
}

function uncovered(req: PortRequirement, intervals: Interval[]): PortRequirement[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const gaps: PortRequirement[] = [];
  let next = req.start;
  for (const [s, e] of sorted) {
    if (e < next) continue;
    if (s > req.end) break;
    if (s > next) gaps.push({ ...req, start: next, end: Math.min(s - 1, req.end) });
    next = Math.max(next, e + 1);
    if (next > req.end) break;
  }
  if (next <= req.end) gaps.push({ ...req, start: next, end: req.end });
  return gaps;
}

export function portCoverage(
  policies: Policy[],
  sourceGroupIds: ReadonlySet<string>,
  targets: SiteTargets,
  required: readonly PortRequirement[] = AD_PORTS,
): PortCoverage {
  const open: Record<Protocol, Interval[]> = { tcp: [], udp: [] };
  const granting = new Set<string>();
  for (const policy of policies) {
    if (!policy.enabled) continue;
    for (const rule of policy.rules ?? []) {
      if (!rule.enabled || rule.action !== 'accept' || !ruleTouches(rule, sourceGroupIds, targets)) continue;
      const intervals = ruleIntervals(rule);
      if (rule.protocol === 'all') {
        open.tcp.push([0, 65535]);
        open.udp.push([0, 65535]);
      } else if (rule.protocol === 'tcp' || rule.protocol === 'udp') open[rule.protocol].push(...intervals);
      else continue;
      granting.add(policy.name);
    }
  }
  return {
    site: targets.site.name,
    missing: required.flatMap((req) => uncovered(req, open[req.protocol])),
    grantingPolicies: [...granting].sort(),
  };
}

export function describeMissing(missing: PortRequirement[]): string[] {
  return missing.map((m) => `${formatPort(m)} (${m.service})`);
}
