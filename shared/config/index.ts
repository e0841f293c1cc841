export { getConfig, loadConfig, resetConfigForTests, type Config } from './config.js';
export type { Site, Wave, WaveThresholds } from './domain.js';
export { SECRET_SETTINGS } from './schema.js';
