/**
 * Wires group drift to the process's adapters: reads with the read-only NetBird client and Graph,
 * IT's device assignments and the group locks from offboarding's storage, writes (apply mode) with
 * the admin client through the offboarding context, the GroupDrift table for the last report.
 */
import type { Services } from '../services.js';
import { listAssignments } from '../offboarding/attribution/assignments.js';
import type { OffboardingContext } from '../offboarding/context.js';
import type { DriftReadDeps } from './read.js';
import type { DriftRunSettings } from './run.js';

export function driftReadDeps(services: Services, ctx: OffboardingContext): DriftReadDeps {
  return { graph: services.graph, netbird: services.netbirdRead, assignments: () => listAssignments(ctx) };
}

export function driftSettings(services: Services): DriftRunSettings {
  const { config } = services;
  return { map: config.drift.map, idp: config.netbird.idp, mode: config.drift.mode, dryRun: config.dryRun };
}
