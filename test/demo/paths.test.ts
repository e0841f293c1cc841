/** The simulator finds NetBird's spec beside the project from the sources and from `dist/`. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netbirdSpecPath, projectRoot } from '../../local/demo/paths.js';

describe('demo paths', () => {
  it('resolve the project root from the sources and from the compiled copy, and the spec beside it', () => {
    const root = projectRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(projectRoot(join(root, 'dist', 'local', 'demo', 'paths.js'))).toBe(root);
    expect(netbirdSpecPath()).toBe(join(root, '..', 'shared', 'netbird', 'openapi.yml'));
    expect(existsSync(netbirdSpecPath())).toBe(true);
    expect(() => projectRoot('/no-such-place/x.js')).toThrow(/No package.json/);
  });
});
