export { AD_PORTS, formatPort, type PortRequirement } from './ad-ports.js';
export { defaultAllToAllPolicies } from './all-to-all.js';
export { siteTargets, type SiteTargets } from './dc-targets.js';
export { adDnsCheck, type DnsCheck } from './dns.js';
export type { NetworkSnapshot } from './netbird-types.js';
export { describeMissing, portCoverage, type PortCoverage } from './port-coverage.js';
export { policyFreeDistributionGroups, siteRouting, type SiteRouting } from './routing.js';
export {
  assessGroups,
  assessPeer,
  CONNECTED_MEANS,
  relativeTime,
  type DcAccessAssessment,
  type Verdict,
} from './verdict.js';
