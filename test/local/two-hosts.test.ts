/**
 * Two instances behave like one (issue 17, item 5): two local hosts, each its own OS process, on
 * one Azurite, take a burst of 300 disable notifications between them (support/two-hosts.ts).
 * Every leaver is blocked exactly once, no queue run fails into a poison queue, Graph report
 * requests stay at 5 per 10 s across both, NetBird writes stay within the app's budget across both,
 * and no group loses (or regains) a member the cases did not move.
 */
import { describe, expect, it } from 'vitest';
import { runTwoHostBurst } from './support/two-hosts.js';

const LEAVERS = 300;
const WPS = 40;

describe('two instances on one storage account', () => {
  it('take a burst of 300 notifications as one app', async () => {
    const r = await runTwoHostBurst({ leavers: LEAVERS, netbirdWritesPerSecond: WPS, reportReadsPerHost: 8 });
    if (process.env.TWO_HOSTS_PRINT) process.stdout.write(`${JSON.stringify(r)}\n`);
    expect(r.failureSamples).toEqual([]);
    expect({
      accepted: r.accepted,
      cases: r.casesOpened,
      blocked: r.blocked,
      twice: r.blockedTwice,
      notBlocked: r.notBlocked,
    }).toEqual({ accepted: LEAVERS, cases: LEAVERS, blocked: LEAVERS, twice: 0, notBlocked: 0 });
    expect({ failed: r.failedRuns, poisoned: r.poisoned }).toEqual({ failed: 0, poisoned: 0 });
    // 16 report reads between the two instances: at most 5 in any 10 s, so they took over 20 s.
    expect(r.reportRequests).toBe(16);
    expect(r.reportPeakPer10s).toBeLessThanOrEqual(5);
    expect(r.netbirdPeakPer1s).toBeLessThanOrEqual(WPS);
    expect(r.quarantined).toBeGreaterThan(0);
    expect({ lost: r.membersLost, putBack: r.membersPutBack }).toEqual({ lost: 0, putBack: 0 });
  }, 240_000);
});
