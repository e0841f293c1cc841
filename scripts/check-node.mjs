// Fails fast when npm scripts run on anything but Node 22: the runtime is Node 22 LTS and nock 15
// cannot intercept fetch on Node 20. The `node` devDependency puts Node 22 first on PATH in npm scripts.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 22) {
  console.error(
    `Node ${process.versions.node} is running; this project needs Node 22 (run it through npm scripts after npm install).`,
  );
  process.exit(1);
}
console.log(`node ${process.version}`);
