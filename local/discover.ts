/**
 * Loads every file in `functions/`, the same set the Function App loads through package.json's
 * `main` glob (`dist/functions/*.js`). Each file registers itself through `register`.
 */
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registeredFunctions, type FunctionDefinition } from '../shared/host/registry.js';

export async function loadFunctions(): Promise<FunctionDefinition[]> {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here); // .js when built, .ts under tsx/vitest
  const dir = join(here, '..', '..', 'functions');
  const files = (await readdir(dir)).filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`)).sort();
  for (const file of files) await import(pathToFileURL(join(dir, file)).href);
  return registeredFunctions();
}
