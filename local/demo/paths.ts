/**
 * Where the project's files are, whether this runs from the TypeScript sources (tests, tsx) or
 * from `dist/` (`npm start`): the nearest directory above this file with a package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** NetBird's own OpenAPI file (v0.77.1), beside the project: `../shared/netbird/openapi.yml`. */
export function netbirdSpecPath(): string {
  return resolve(projectRoot(), '../shared/netbird/openapi.yml');
}
