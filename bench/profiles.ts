/**
 * The two profiles every figure is shown in (bench/RESULTS.md): what a user gets without setting
 * anything, and a tuned install, each changed setting named. A bench applies `currentProfile().env`
 * over its own environment; BENCH_PROFILE (set by bench/run.ts for each child) says which.
 */
export type ProfileName = 'default' | 'tuned';
export interface Profile {
  name: ProfileName;
  description: string;
  /** App settings the profile changes (none for the default profile). */
  env: Record<string, string>;
}

export const PROFILES: Record<ProfileName, Profile> = {
  default: {
    name: 'default',
    description:
      'every setting at its default, as a user gets the app: NETBIRD_WRITES_PER_SECOND 5, the blast-radius guard on (BLAST_RADIUS_MAX_USERS 10, BLAST_RADIUS_MAX_SHARE 0.05)',
    env: {},
  },
  tuned: {
    name: 'tuned',
    description:
      'a larger NetBird write budget, the blast-radius guard raised so a 1,000-leaver burst is not held for IT, and twice the queue messages in flight per instance (host.json overridden by app settings, as Azure allows)',
    env: {
      NETBIRD_WRITES_PER_SECOND: '50',
      BLAST_RADIUS_MAX_USERS: '100000',
      BLAST_RADIUS_MAX_SHARE: '1',
      AzureFunctionsJobHost__extensions__queues__batchSize: '32',
      AzureFunctionsJobHost__extensions__queues__newBatchThreshold: '32',
    },
  },
};

export function currentProfile(): Profile {
  const name = process.env.BENCH_PROFILE ?? 'default';
  if (name !== 'default' && name !== 'tuned') throw new Error(`BENCH_PROFILE must be default or tuned, not ${name}`);
  return PROFILES[name];
}
