/**
 * How this process hosts the app. Only the project's own local host, listening on a loopback
 * address, may run without a bot app id (the dev console sends unsigned activities) and without
 * function keys (as Core Tools does). That is declared here, in-process, by the local host itself:
 * no environment variable (which a platform or an operator could set or leave out) can turn
 * authentication off. The Functions host never calls this, so in Azure everything is required.
 */
import { createRequire } from 'node:module';
import { isIP } from 'node:net';

let loopbackHost = false;

/** True for 127.0.0.0/8, ::1 and `localhost`: addresses no other machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** The local host calls this before reading the configuration; refuses a non-loopback address. */
export function declareLoopbackHost(host: string): void {
  if (!isLoopbackAddress(host)) throw new Error(`${host} is not a loopback address`);
  loopbackHost = true;
}

export function runsOnLoopbackHost(): boolean {
  return loopbackHost;
}

/**
 * True inside the Azure Functions Node.js worker, which serves the built-in module
 * `@azure/functions-core` by intercepting `require`: the very check `@azure/functions` makes before
 * it registers anything. Elsewhere (the local host, tests, scripts) its `app.*` calls register
 * nothing and print a "test mode" warning each, so the registry does not make them.
 * https://github.com/Azure/azure-functions-nodejs-worker/blob/v3.x/src/setupCoreModule.ts
 */
export function runsInFunctionsHost(): boolean {
  try {
    createRequire(import.meta.url)('@azure/functions-core');
    return true;
  } catch {
    return false;
  }
}

/** Tests only. */
export function resetRuntimeForTests(): void {
  loopbackHost = false;
}
