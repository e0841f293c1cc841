/**
 * The structured parts of configuration (sites, waves, thresholds) that arrive as JSON settings.
 */
import { z } from 'zod';
import { cidr, ipv4 } from './env.js';

export const siteSchema = z
  .object({
    name: z.string().min(1),
    /** Domain controller addresses at the site. */
    dcs: z.array(ipv4()).default([]),
    /** Subnets holding the DCs (what the routing peers must publish). */
    subnets: z.array(cidr()).default([]),
  })
  .refine((s) => s.dcs.length + s.subnets.length > 0, { error: 'a site needs at least one DC address or subnet' });
export type Site = z.infer<typeof siteSchema>;

/** Green when the value is at least `green`, amber when at least `amber`, else red. */
const atLeast = (green: number, amber: number) =>
  z.object({ green: z.number().min(0).max(1), amber: z.number().min(0).max(1) }).default({ green, amber });
/** Green when the value is at most `green`, amber when at most `amber`, else red. */
const atMost = (green: number, amber: number) =>
  z.object({ green: z.number().min(0), amber: z.number().min(0) }).default({ green, amber });

export const waveThresholdsSchema = z.object({
  connectedShare: atLeast(0.9, 0.75),
  seen24hShare: atLeast(0.95, 0.85),
  ssprRegisteredShare: atLeast(0.95, 0.8),
  loginExpiredShare: atMost(0.02, 0.1),
  outdatedShare: atMost(0.05, 0.2),
  missingGroupsShare: atMost(0, 0.05),
  failedResets24h: atMost(0, 3),
});
export type WaveThresholds = z.infer<typeof waveThresholdsSchema>;

export const waveSchema = z.object({
  name: z.string().min(1),
  members: z.union(
    [z.object({ entraGroupId: z.string().uuid() }).strict(), z.object({ netbirdGroup: z.string().min(1) }).strict()],
    { error: 'members must be {"entraGroupId": "<guid>"} or {"netbirdGroup": "<name or id>"}' },
  ),
  plannedStart: z.iso.date().optional(),
  /** NetBird groups every peer of the wave must be in. */
  requiredGroups: z.array(z.string().min(1)).default([]),
  thresholds: waveThresholdsSchema.partial().optional(),
});
export type Wave = z.infer<typeof waveSchema>;
