/**
 * Runs before every test file: no real network. nock lets loopback through (Azurite, local
 * servers) and refuses every other host, so a test can only reach NetBird or Graph through a
 * nock interceptor it declared.
 *
 * It also records everything the worker prints (test/security/log-capture.ts); the run fails if a
 * secret value appears in it (test/security/log-scan.global.ts).
 */
import nock from 'nock';
import { afterAll, afterEach } from 'vitest';
import { installLogCapture } from '../security/log-capture.js';

const capture = installLogCapture();

nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  capture.flush();
});
