/**
 * The shapes of pilot-wave health (DESIGN.md §4): who is in a wave, what each check reads, and
 * what it answers. Checks are pure functions of a `WaveCheckInput`: every NetBird and Graph read
 * happens before them, once per run (evaluate.ts).
 */
import type { Site, Wave, WaveThresholds } from '../config/domain.js';
import type { DcAccessAssessment, NetworkSnapshot } from '../domain/dc-access/index.js';
import type { DirectoryAudit, RegistrationDetails } from '../graph/index.js';
import type { NetBirdPeer } from '../netbird/index.js';

export type Status = 'green' | 'amber' | 'red';

export type CheckId =
  | 'connected-now'
  | 'seen-24h'
  | 'login-expired'
  | 'versions'
  | 'required-groups'
  | 'routing'
  | 'ad-dns'
  | 'ad-ports'
  | 'all-to-all'
  | 'sspr-registration'
  | 'resets';

/** Who or what is behind a check's status, as labels IT can act on ("LAPTOP-42 (0.58.1)"). */
export interface CheckEvidence {
  peers?: string[];
  users?: string[];
  /** Anything else worth naming: policies, routers, missing ports, groups. */
  details?: string[];
}

export interface CheckResult {
  id: CheckId;
  title: string;
  status: Status;
  /** One line: the figure and what it means. */
  summary: string;
  /** The figure thresholds compare, kept in snapshots for the change since last time. */
  value?: number;
  unit?: 'share' | 'count';
  evidence: CheckEvidence;
}

/** An Entra user of the wave. */
export interface WaveUser {
  /** Entra object id. */
  id: string;
  /** Display name, else UPN, else id. */
  name: string;
}

export interface WaveMembers {
  source: 'entra-group' | 'netbird-group';
  users: WaveUser[];
  peers: NetBirdPeer[];
  /** Users with no NetBird peer found (neither SSO nor a setup-key peer named like their devices). */
  usersWithoutPeers: WaveUser[];
  /** Remarks about the membership (users left out, groups not found). */
  notes: string[];
}

/** A read that may have failed: checks that need it say "could not tell" instead of failing the run. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: string };

/** Peers sharing one set of NetBird groups, and the DC path from those groups (dc-access). */
export interface GroupSet {
  groupIds: ReadonlySet<string>;
  groupNames: string[];
  peers: NetBirdPeer[];
  assessment: DcAccessAssessment;
}

export interface WaveCheckInput {
  wave: Wave;
  thresholds: WaveThresholds;
  members: WaveMembers;
  network: NetworkSnapshot;
  /** The wave's peers grouped by their group memberships (computed once for the DC checks). */
  groupSets: GroupSet[];
  sites: Site[];
  adDomain: string;
  minVersion: string | undefined;
  now: Date;
  /** Registration details by lower-cased user id. */
  registrations: Fetched<ReadonlyMap<string, RegistrationDetails>>;
  /** SSPR-service audit events of the last 24 h, tenant-wide. */
  ssprEvents: Fetched<readonly DirectoryAudit[]>;
}

export type WaveCheck = (input: WaveCheckInput) => CheckResult;

export type Decision = 'go' | 'go-with-caution' | 'no-go';

export interface WaveEvaluation {
  wave: string;
  plannedStart?: string;
  /** "Entra group 0d4e…" or "NetBird group Pilot 1". */
  source: string;
  evaluatedAt: string;
  status: Status;
  /** Whether the next wave may start, from this wave's status. */
  decision: Decision;
  nextWave?: { name: string; plannedStart?: string };
  users: number;
  peers: number;
  usersWithoutPeers: string[];
  notes: string[];
  checks: CheckResult[];
  /** Set when the wave could not be evaluated at all (its group is gone, Graph refused). */
  error?: string;
}
