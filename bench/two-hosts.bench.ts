/**
 * The burst across two instances (issue 17): BENCH_TWO_HOSTS leavers (default 300) disabled in the
 * demo Graph simulator (1,000 users, 2,000 peers: the test's world), one notification each POSTed to the two
 * instances' webhooks in turn (20 in flight), each instance a local host in its own OS process on
 * one Azurite (test/local/support/two-hosts.ts, the same harness as test/local/two-hosts.test.ts),
 * while each instance also makes 8 Graph report reads through the app's report limit.
 * NETBIRD_WRITES_PER_SECOND is BENCH_NETBIRD_WPS (default 50) for the whole app.
 *
 * Counted at the simulators, not inside the instances: block PUTs per NetBird user, Graph report
 * requests in any 10 s, NetBird writes in any 1 s, group members lost or put back; each instance
 * reports its failed queue runs and poisoned messages when it stops.
 */
import { runTwoHostBurst } from '../test/local/support/two-hosts.js';
import type { Bench } from './run.js';
import { ms } from './support.js';

const LEAVERS = Number(process.env.BENCH_TWO_HOSTS ?? 300);
const WPS = Number(process.env.BENCH_NETBIRD_WPS ?? 50);

/** One run: it takes minutes. */
export const runs = 1;

const bench: Bench = async () => {
  const r = await runTwoHostBurst({
    leavers: LEAVERS,
    netbirdWritesPerSecond: WPS,
    reportReadsPerHost: 8,
    users: 1_000,
    peers: 2_000,
    timeoutMs: 400_000,
  });
  const n = `${LEAVERS} disables, 2 instances`;
  return {
    name: 'two instances',
    figures: [
      { figure: `${n}: notification → block p50 / p95`, value: `${ms(r.toBlockP50Ms)} / ${ms(r.toBlockP95Ms)}` },
      { figure: `${n}: first notification → last block`, value: ms(r.firstNotificationToLastBlockMs) },
      {
        figure: `${n}: accepted / cases opened / blocked / blocked twice`,
        value: `${r.accepted} / ${r.casesOpened} / ${r.blocked} / ${r.blockedTwice}`,
        target: `${LEAVERS} / ${LEAVERS} / ${LEAVERS} / 0`,
      },
      { figure: `${n}: webhook deliveries repeated after a network error`, value: String(r.deliveryRetries) },
      {
        figure: `${n}: queue runs failed / messages poisoned`,
        value: `${r.failedRuns} / ${r.poisoned}${r.failureSamples.length ? ` (${r.failureSamples.slice(0, 2).join('; ')})` : ''}`,
        target: '0 / 0',
      },
      {
        figure: `${n}: Graph report requests, peak in any 10 s (of ${r.reportRequests})`,
        value: String(r.reportPeakPer10s),
        target: '≤ 5',
      },
      {
        figure: `${n}: NetBird writes, peak in any 1 s (of ${r.netbirdWrites})`,
        value: String(r.netbirdPeakPer1s),
        target: `≤ ${WPS}`,
      },
      {
        figure: `${n}: group members lost / put back (${r.quarantined} laptops quarantined)`,
        value: `${r.membersLost} / ${r.membersPutBack}`,
        target: '0 / 0',
      },
    ],
  };
};

export default bench;
