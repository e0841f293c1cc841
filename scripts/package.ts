/**
 * `npm run package`: the deployable Function App package, `dist/netbird-entra-ops.zip`, with the
 * compiled app, host.json, package.json and production dependencies (no dev dependencies: Node 22
 * comes from the Flex Consumption runtime). Deploy it with
 * `az functionapp deployment source config-zip -g <rg> -n <app> --src dist/netbird-entra-ops.zip`.
 * `--skip-install` leaves out node_modules (for a remote build, or to check the layout quickly).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import JSZip from 'jszip';

const root = new URL('..', import.meta.url).pathname;
const stage = join(root, '.package');
const out = join(root, 'dist', 'netbird-entra-ops.zip');
const skipInstall = process.argv.includes('--skip-install');

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const f of ['host.json', 'package.json', 'package-lock.json']) cpSync(join(root, f), join(stage, f));
cpSync(join(root, 'dist'), join(stage, 'dist'), {
  recursive: true,
  filter: (src) => !src.endsWith('.zip') && !src.endsWith('.map'),
});
if (!skipInstall) {
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: stage,
    stdio: 'inherit',
  });
}

const zip = new JSZip();
function add(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) add(path);
    else zip.file(relative(stage, path), readFileSync(path));
  }
}
add(stage);
const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
writeFileSync(out, bytes);
rmSync(stage, { recursive: true, force: true });
console.log(
  `wrote ${relative(root, out)} (${(bytes.length / 1024 / 1024).toFixed(1)} MiB, ${Object.keys(zip.files).length} files)`,
);
