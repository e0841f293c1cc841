/**
 * What group drift finds: for each NetBird person whose mapped NetBird groups no longer match their
 * Entra groups (GROUP_MAP), the groups they have too many of and too few, on the user (`auto_groups`,
 * what their next peers get) and on each of their devices (SSO peers, and setup-key peers
 * attributed to them). Plain data: the card is built in cards/drift/.
 */
export interface GroupRef {
  id: string;
  name: string;
}

export interface DeviceDrift {
  peerId: string;
  name: string;
  /** `sso`: enrolled by the user; `machine`: a setup-key peer attributed to them (owners.ts). */
  kind: 'sso' | 'machine';
  /** Why a machine peer is theirs, in words. */
  owner?: string;
  extra: GroupRef[];
  missing: GroupRef[];
}

export interface UserDrift {
  netbirdUserId: string;
  /** The Entra object id, when the NetBird id carries it (audit trails are per Entra user). */
  entraId?: string;
  name: string;
  email: string;
  /** Mapped groups in `auto_groups` that the user's Entra groups no longer give. */
  extra: GroupRef[];
  /** Mapped groups the user's Entra groups give that `auto_groups` lacks. */
  missing: GroupRef[];
  /** Only devices with a difference. */
  devices: DeviceDrift[];
}

export interface DriftReport {
  takenAt: string;
  /** The NetBird groups GROUP_MAP names that exist (the only ones judged). */
  judgedGroups: GroupRef[];
  /** Names GROUP_MAP gives that NetBird has no group for: nobody can be given them. */
  missingGroups: string[];
  /** NetBird people compared (not service users, not blocked, not pending). */
  judgedUsers: number;
  /** Left alone: blocked users (offboarding's) and users pending approval. */
  skipped: { blocked: number; pending: number };
  /** Members of mapped Entra groups with no NetBird user yet (not enrolled: not drift). */
  unmatchedMembers: number;
  /** Setup-key peers whose evidence points at more than one person: not judged. */
  ambiguousMachines: number;
  /** Only users with a difference, by name. */
  users: UserDrift[];
  /** Entra groups read and Graph requests made for them (the bench and the card show it). */
  entraGroupsRead: number;
}

/** One difference, flat: what the daily card compares with the previous report. */
export interface Finding {
  /** `<user|peer>:<id>:<extra|missing>:<group id>`: stable across runs. */
  key: string;
  /** "Alice Smith: Engineering (too much)", "HNL-LT-0042 (Alice Smith): Sales (missing)". */
  label: string;
}
