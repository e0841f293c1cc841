/**
 * Fails any HTTP request that nock does not fake, except to loopback (Azurite, local servers).
 *
 * Its own file because importing nock switches its interceptors on for every HTTP request of the
 * process (nock ≥ 14 wraps node:http and fetch through @mswjs/interceptors). A CPU profile of the
 * 1,000-leaver burst, which fakes nothing, spent 24 s of 135 s inside them: only the benches that
 * fake HTTP import this.
 */
import nock from 'nock';

export function loopbackOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
}
