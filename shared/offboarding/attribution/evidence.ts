/**
 * How strong each kind of evidence is, and how it reads. The order is DESIGN.md §5b's: what IT
 * says beats Intune, which beats the user's own SSO peer on the laptop, which beats sign-ins, which
 * beat an Entra registered owner (only cloud-joined and registered devices have one).
 */
import type { EvidenceSource } from '../model.js';

export const STRENGTH: Record<EvidenceSource, number> = {
  assignment: 5,
  intune: 4,
  'sso-peer': 3,
  'sign-in': 2,
  entra: 1,
};

export const SOURCE_LABEL: Record<EvidenceSource, string> = {
  assignment: 'assigned by IT',
  intune: 'Intune primary user',
  'sso-peer': 'SSO peer on the same hostname',
  'sign-in': 'recent sign-ins',
  entra: 'Entra registered device',
};

/** A person other than the leaver that evidence points at. */
export interface Person {
  name: string;
  /** Entra object id, lower case, when known. */
  entraId?: string;
  /** Whether the account is enabled (unknown counts as enabled: a laptop is not taken on a guess). */
  enabled: boolean;
}

/** One piece of evidence tying a hostname to the leaver (`person` undefined) or to someone else. */
export interface Claim {
  /** Lower-cased hostname (or Entra/Intune device name) the evidence names. */
  hostname: string;
  source: EvidenceSource;
  detail: string;
  person?: Person;
}

export const byStrength = <T extends { source: EvidenceSource }>(a: T, b: T): number =>
  STRENGTH[b.source] - STRENGTH[a.source];
