// Copies the JSON assets the compiled app reads at run time (card templates) into dist/, beside
// the compiled code, so `dist/` is self-contained for the Function App and the local host.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = ['cards', 'bot', 'shared'];
let copied = 0;
/** @param {string} dir */
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.json')) {
      cpSync(path, join(root, 'dist', relative(root, path)));
      copied++;
    }
  }
}
for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d));
console.log(`copied ${copied} JSON asset(s) into dist/`);
