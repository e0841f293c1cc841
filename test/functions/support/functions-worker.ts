/**
 * Plays the Azure Functions Node.js worker in its own process: it serves the built-in module
 * `@azure/functions-core` by intercepting `require`, as the worker's setupCoreModule does
 * (https://github.com/Azure/azure-functions-nodejs-worker/blob/v3.x/src/setupCoreModule.ts), then
 * loads the app's functions and prints, as one JSON line, what reached the core API.
 */
import Module from 'node:module';

const functions: string[] = [];
const hooks: string[] = [];
const disposable = { dispose: () => undefined };
const coreApi = {
  version: '3.0.0-test',
  hostVersion: '4.0.0-test',
  setProgrammingModel: () => undefined,
  getProgrammingModel: () => undefined,
  registerFunction: (metadata: { name: string }) => {
    functions.push(metadata.name);
    return disposable;
  },
  registerHook: (hookName: string) => {
    hooks.push(hookName);
    return disposable;
  },
};
const proto = Module.prototype as unknown as { require: (id: string) => unknown };
proto.require = new Proxy(proto.require, {
  apply(target, thisArg, args: [string]) {
    return args[0] === '@azure/functions-core' ? coreApi : Reflect.apply(target, thisArg, args);
  },
});

const { loadFunctions } = await import('../../../local/discover.js');
await loadFunctions();
process.stdout.write(`${JSON.stringify({ functions: functions.sort(), hooks })}\n`);
