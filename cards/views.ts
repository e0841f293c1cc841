/**
 * The one place a core view becomes a card: every view the core hands the Teams port
 * (shared/teams/sender.ts) or answers a card action with is rendered here, by its `kind`.
 */
import type { TeamsView } from '../shared/teams/sender.js';
import type { CardColor, CardMessage } from './bot/message.js';
import { notice } from './bot/notice.js';
import { activityFeedCard } from './activity/activity.js';
import { driftCard } from './drift/drift.js';
import { renderJoinerCard } from './joiners/approval.js';
import { alertMessage, approvalMessage, batchMessage } from './offboarding/card-views.js';
import { episodeMessage } from './offboarding/episode-views.js';
import { returnerMessage } from './offboarding/returner-view.js';
import { heartbeatMessage } from './offboarding/heartbeat-views.js';
import { waveChangeReply } from './waves/wave-change.js';
import { waveHealthCard } from './waves/wave-health.js';

const TONE_COLOR = {
  attention: 'Attention',
  warning: 'Warning',
  default: 'Default',
  good: 'Good',
} as const satisfies Record<string, CardColor>;

export function renderView(view: TeamsView): CardMessage {
  switch (view.kind) {
    case 'offboarding.approval': {
      const { kind: _kind, case: c, ...options } = view;
      return approvalMessage(c, options);
    }
    case 'offboarding.batch':
      return batchMessage(view.batch);
    case 'offboarding.failure': {
      const { kind: _kind, ...input } = view;
      return alertMessage(input);
    }
    case 'offboarding.heartbeat':
      return heartbeatMessage(view.beat, view.thresholdMinutes, view.recoveredAt);
    case 'offboarding.episode':
      return episodeMessage(view.case, view.episode, view.recoveredAt);
    case 'offboarding.returner':
      return returnerMessage(view);
    case 'wave.health':
      return waveHealthCard(view.snapshot, view.change);
    case 'wave.change':
      return waveChangeReply(view.snapshot, view.previous);
    case 'group-drift':
    case 'group-drift-unmapped':
      return driftCard(view);
    case 'joiner-approval':
      return { card: renderJoinerCard(view), text: view.text };
    case 'activity-feed':
      return activityFeedCard(view);
    case 'notice':
      return notice(view.title, [view.text], TONE_COLOR[view.tone]);
  }
}
