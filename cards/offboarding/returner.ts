/**
 * The returner card (Adaptive Card 1.5, `Action.Execute`): a user enabled again in Entra after
 * containment, what containment changed, and one button for an IT approver to restore NetBird
 * access. The same template shows the outcome (`open: false`) and is what it is updated to in place.
 */
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import type { ContainerStyle } from './approval.js';
import template from './returner.json' with { type: 'json' };

export const RETURNER_VERBS = { restore: 'offboarding.restore-returner' } as const;

export interface ReturnerCardData {
  caseId: string;
  title: string;
  subtitle: string;
  banner: string;
  bannerStyle: ContainerStyle;
  facts: { title: string; value: string }[];
  /** One line per change: the NetBird user, each quarantined peer and its groups, each deleted peer. */
  changes: { what: string; detail: string }[];
  /** The Restore button is offered. */
  open: boolean;
  outcome: string;
  outcomeStyle: ContainerStyle;
}

export function renderReturnerCard(data: ReturnerCardData): AdaptiveCard {
  return renderCard(template, data);
}
