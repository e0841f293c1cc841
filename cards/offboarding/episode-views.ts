/**
 * The failure-episode alert card of a case (episodes.ts): failing and retrying automatically (with
 * the time of the next attempt), needing a person, given up, or recovered. Always built from the
 * stored case, so the first post and every in-place update agree.
 */
import { netbirdUserOf, type OffboardingCase } from '../../shared/offboarding/model.js';
import { fmtTime, who, type Episode } from '../../shared/offboarding/views.js';
import type { CardMessage } from '../bot/message.js';
import { renderAlertCard } from './alert.js';

export function episodeMessage(c: OffboardingCase, episode: Episode, recoveredAt?: string): CardMessage {
  const name = who(c);
  const error = c.failure ?? c.lastError;
  const resume = `run "offboard ${c.upn ?? c.userId}" in Teams to resume the case from where it stopped`;
  let title: string;
  let summary: string;
  let advice: string;
  let style: 'attention' | 'warning' | 'good' = 'attention';
  if (recoveredAt) {
    title = `Offboarding recovered: ${name}`;
    summary = `The case moved on at ${fmtTime(recoveredAt)} after ${episode.attempts} automatic retr${episode.attempts === 1 ? 'y' : 'ies'}; nothing more to do here.`;
    advice = containment(c);
    style = 'good';
  } else if (episode.needsPerson) {
    title = `Offboarding needs a person: ${name}`;
    summary = `Retrying cannot fix this: ${episode.needsPerson}. No automatic retry is scheduled.`;
    advice = `Fix the cause, then ${resume}.`;
  } else if (episode.gaveUpAt) {
    title = `Offboarding needs a person: ${name}`;
    summary = `Automatic retries stopped at ${fmtTime(episode.gaveUpAt)} after ${episode.attempts} attempts since ${fmtTime(episode.since)}.`;
    advice = `Fix the cause, then ${resume}.`;
  } else {
    title = `Offboarding failing: ${name}`;
    summary = episode.nextAt
      ? `The step "${error?.step ?? 'unknown'}" keeps failing. Retrying automatically: next attempt at ${fmtTime(episode.nextAt)}.`
      : `The step "${error?.step ?? 'unknown'}" keeps failing. An automatic retry is running now.`;
    advice = `Nothing to do unless it lasts: this card is updated when the case recovers. To retry at once, ${resume}.`;
    style = 'warning';
  }
  const facts = [
    { title: 'User', value: c.upn ?? c.userId },
    { title: 'Case', value: `${c.id} (${c.state})` },
    { title: 'Failing since', value: fmtTime(episode.since) },
    { title: 'Automatic retries', value: String(episode.attempts) },
    ...(error && !recoveredAt ? [{ title: 'Last error', value: `${error.step}: ${error.message}` }] : []),
    ...(episode.nextAt && !recoveredAt && !episode.needsPerson && !episode.gaveUpAt
      ? [{ title: 'Next attempt', value: fmtTime(episode.nextAt) }]
      : []),
  ];
  return {
    card: renderAlertCard({ title, summary, style, facts, advice }),
    text: `${title}: ${recoveredAt ? 'recovered' : summary}`,
  };
}

function containment(c: OffboardingCase): string {
  if (c.block?.result === 'planned') return 'Dry run: the block is planned, nothing was written.';
  const machines = c.devices.filter((d) => d.kind === 'machine');
  const quarantined = machines.filter((d) => d.quarantine?.done).length;
  const blocked = c.block ? 'NetBird user blocked' : netbirdUserOf(c) ? 'NetBird user not blocked' : 'no NetBird user';
  return `${blocked}; ${quarantined} of ${machines.length} machine peer(s) quarantined.`;
}
