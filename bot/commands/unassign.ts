/** `unassign <device>`: removes IT's assignment; attribution goes by the other evidence again. */
import { unassignDevice } from '../../shared/offboarding/attribution/corrections.js';
import { unassignView } from '../offboarding/device-views.js';
import { UsageError, type BotCommand } from './types.js';

export const unassign: BotCommand = {
  name: 'unassign',
  aliases: [],
  usage: 'unassign <device>',
  example: 'unassign HNL-LT-0042',
  summary: "Removes IT's assignment of a laptop (audited); an open case is re-planned.",
  audience: 'it',
  // Not in the manifest's command lists (12 at most): the undo of `assign`, rare; typed, it works, and help lists it.
  inManifest: false,
  async run({ args, services, caller }) {
    if (args.length !== 1) throw new UsageError('Name one device.');
    return unassignView(await unassignDevice(services, caller, args[0]!));
  },
};
