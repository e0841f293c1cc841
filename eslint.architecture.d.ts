import type { Linter } from 'eslint';

export declare const architectureZones: Linter.Config[];
