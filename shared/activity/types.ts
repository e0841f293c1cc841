/** The feed's and the `events` command's plain data: what cards/activity/* turn into cards. */
import type { ActivityArea } from './codes.js';

export interface ActivityFact {
  title: string;
  value: string;
}

/** One NetBird audit event, described for people. */
export interface ActivityItem {
  id: string;
  /** ISO time NetBird recorded. */
  at: string;
  code: string;
  area: ActivityArea;
  /** "Policy changed", or NetBird's own message for a code this app does not know. */
  what: string;
  /** Who did it: a person's name and email, a service user's name, or `setup key "…"`. */
  who: string;
  /** What was changed: its name from the event, else its id. */
  target: string;
  facts: ActivityFact[];
  /** Why this one must not be missed (a reusable setup key); absent for the rest. */
  standOut?: string;
  /** False for a code this app has no description of (a newer NetBird's): shown generically. */
  known: boolean;
}

/** The feed's batch for one run: newest first, stand-outs first. */
export interface ActivityFeedView {
  kind: 'activity-feed';
  items: ActivityItem[];
}

/** `events [user|device|type] [hours]`: the answer, newest first. */
export interface ActivityEventsView {
  kind: 'activity-events';
  filter: string | undefined;
  hours: number;
  /** Events in the window before filtering (what the log holds for that time). */
  scanned: number;
  items: ActivityItem[];
}
