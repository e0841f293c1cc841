/**
 * Runs before every test file: no real network. nock lets loopback through (Azurite, local
 * servers) and refuses every other host, so a test can only reach NetBird or Graph through a
 * nock interceptor it declared.
 */
import nock from 'nock';
import { afterEach } from 'vitest';

nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

afterEach(() => {
  nock.cleanAll();
});
