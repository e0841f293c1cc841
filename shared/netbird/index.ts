/** The NetBird adapter's public surface: import from here, not from the files behind it. */
export { NetBirdClient, type NetBirdClientOptions } from './client.js';
export { NetBirdError, type NetBirdErrorBody } from './errors.js';
export { decodeDexUserId, encodeDexUserId, isEmbeddedIdOf, type Base64Alphabet, type DexSubject } from './ids.js';
export { countPeople } from './user-index.js';
export { matchEntraUser, type IdpMode, type UserMatch, type UserMatchKind } from './user-match.js';
export type { BlockResult, ListUsersOptions } from './users.js';
export { hostnameMatches, type DeletePeerResult } from './peers.js';
export { fetchNetworkSnapshot } from './network-snapshot.js';
export { fetchDcContext, withPeers, type DcContextReader } from './dc-context.js';
export { lookupPeers, nameTerms, type PeerFinder, type PeerMatches } from './peer-lookup.js';
export type { PingResult } from './health.js';
export type * from './types.js';
