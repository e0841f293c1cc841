/** The heartbeat alert card: a timer has not succeeded for too long, or it is running again. */
import type { Heartbeat, HeartbeatName } from '../../shared/offboarding/heartbeat-model.js';
import { fmtTime } from '../../shared/offboarding/views.js';
import type { CardMessage } from '../bot/message.js';
import { renderAlertCard } from './alert.js';

export const TIMER_LABELS: Record<HeartbeatName, { title: string; function: string; impact: string }> = {
  sweep: {
    title: 'delta sweep',
    function: 'offboardingSweep',
    impact: 'leavers that Graph did not notify about are not found',
  },
  subscriptions: {
    title: 'Graph subscription renewal',
    function: 'graphSubscriptions',
    impact: 'the Graph subscription may expire, and then only the sweep finds leavers',
  },
  retry: {
    title: 'retry timer',
    function: 'offboardingRetry',
    impact: 'failed and stuck offboarding cases are not retried',
  },
};

export function heartbeatMessage(beat: Heartbeat, thresholdMinutes: number, recoveredAt?: string): CardMessage {
  const label = TIMER_LABELS[beat.name];
  const last = beat.lastSuccessAt ? fmtTime(beat.lastSuccessAt) : `never (watched since ${fmtTime(beat.firstSeenAt)})`;
  const title = recoveredAt ? `Running again: ${label.title}` : `Not running: ${label.title}`;
  const summary = recoveredAt
    ? `The ${label.title} succeeded again at ${fmtTime(recoveredAt)}.`
    : `The ${label.title} has not succeeded for over ${thresholdMinutes} minutes (twice its period): ${label.impact}.`;
  const facts = [
    { title: 'Timer', value: label.function },
    { title: 'Last success', value: last },
    ...(beat.lastFailureAt && !recoveredAt
      ? [{ title: 'Last failure', value: `${fmtTime(beat.lastFailureAt)}: ${beat.lastError ?? 'unknown'}` }]
      : []),
    ...(beat.alert ? [{ title: 'Overdue since', value: fmtTime(beat.alert.since) }] : []),
  ];
  const advice = recoveredAt
    ? 'Nothing to do.'
    : `Look at the function's failures in Application Insights (${label.function}); this card is updated when it succeeds again.`;
  return {
    card: renderAlertCard({ title, summary, style: recoveredAt ? 'good' : 'attention', facts, advice }),
    text: `${title}${recoveredAt ? '' : `: last success ${last}`}`,
  };
}
