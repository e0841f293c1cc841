/**
 * Green / amber / red from the configured thresholds (config WAVE_THRESHOLDS, overridden per wave
 * by the wave's own `thresholds`). Shares "at least" (connected, seen, SSPR registered) grade
 * upwards; shares and counts "at most" (login expired, outdated, missing groups, failed resets)
 * grade downwards. A value exactly on a limit takes the better colour.
 */
import type { Wave, WaveThresholds } from '../config/domain.js';
import type { Status } from './types.js';

export interface Limits {
  green: number;
  amber: number;
}

export function gradeAtLeast(value: number, limits: Limits): Status {
  if (value >= limits.green) return 'green';
  return value >= limits.amber ? 'amber' : 'red';
}

export function gradeAtMost(value: number, limits: Limits): Status {
  if (value <= limits.green) return 'green';
  return value <= limits.amber ? 'amber' : 'red';
}

/** The wave's thresholds: its own overrides over the configured defaults, check by check. */
export function thresholdsFor(defaults: WaveThresholds, wave: Pick<Wave, 'thresholds'>): WaveThresholds {
  return { ...defaults, ...wave.thresholds };
}
