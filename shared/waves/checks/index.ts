/** Every wave check, in the order the card shows them: the wave's own peers, the network, the people. */
import type { CheckId, WaveCheck } from '../types.js';
import { adDns } from './ad-dns.js';
import { adPorts } from './ad-ports.js';
import { allToAll } from './all-to-all.js';
import { connectedNow } from './connected-now.js';
import { loginExpired } from './login-expired.js';
import { requiredGroups } from './required-groups.js';
import { resets } from './resets.js';
import { routing } from './routing.js';
import { seenWithin24h } from './seen-24h.js';
import { ssprRegistration } from './sspr-registration.js';
import { versions } from './versions.js';

export const WAVE_CHECKS: readonly { id: CheckId; run: WaveCheck }[] = [
  { id: 'connected-now', run: connectedNow },
  { id: 'seen-24h', run: seenWithin24h },
  { id: 'login-expired', run: loginExpired },
  { id: 'versions', run: versions },
  { id: 'required-groups', run: requiredGroups },
  { id: 'routing', run: routing },
  { id: 'ad-dns', run: adDns },
  { id: 'ad-ports', run: adPorts },
  { id: 'all-to-all', run: allToAll },
  { id: 'sspr-registration', run: ssprRegistration },
  { id: 'resets', run: resets },
];

export {
  adDns,
  adPorts,
  allToAll,
  connectedNow,
  loginExpired,
  requiredGroups,
  resets,
  routing,
  seenWithin24h,
  ssprRegistration,
  versions,
};
