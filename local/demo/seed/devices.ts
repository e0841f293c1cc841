/**
 * Every person's hybrid-joined laptop (`HNL-LT-0042`, `BDR-LT-0107`: Entra `trustType` ServerAd),
 * how each joined NetBird (a setup key for the machine tunnel, or a user's SSO login, or not yet),
 * and its state: connected, last seen, client version, login expiry.
 */
import type { SiteName } from './names.js';
import type { OrgPerson } from './people.js';
import type { Rng } from './rng.js';

export type Enrolment = 'setup-key' | 'sso' | 'none';

export interface OrgDevice {
  /** Entra object id. */
  id: string;
  /** Entra deviceId (the id the device itself reports). */
  deviceId: string;
  displayName: string;
  ownerId: string;
  site: SiteName;
  enrolment: Enrolment;
  connected: boolean;
  lastSeenAt: string;
  netbirdVersion: string;
  loginExpired: boolean;
  createdAt: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Most clients are current; a few lag, some below MIN_NETBIRD_VERSION (0.60.0). */
function clientVersion(rng: Rng): string {
  const r = rng.next();
  if (r < 0.85) return '0.77.1';
  if (r < 0.95) return '0.66.0';
  return '0.58.2';
}

export class DeviceBuilder {
  readonly devices: OrgDevice[] = [];
  private readonly numbers: Record<SiteName, number> = { Honolulu: 0, Boulder: 0 };

  constructor(
    private readonly rng: Rng,
    private readonly now: Date,
  ) {}

  laptop(owner: OrgPerson, enrolment: Enrolment): OrgDevice {
    const rng = this.rng;
    const n = ++this.numbers[owner.site];
    const prefix = owner.site === 'Honolulu' ? 'HNL' : 'BDR';
    const loginExpired = enrolment === 'sso' && rng.chance(0.06);
    const connected = enrolment !== 'none' && !loginExpired && rng.chance(0.8);
    const lastSeen = connected
      ? this.now.getTime() - rng.int(0, 5 * MINUTE)
      : this.now.getTime() - rng.int(HOUR, 10 * DAY);
    const device: OrgDevice = {
      id: rng.guid(),
      deviceId: rng.guid(),
      displayName: `${prefix}-LT-${String(n).padStart(4, '0')}`,
      ownerId: owner.id,
      site: owner.site,
      enrolment,
      connected,
      lastSeenAt: new Date(lastSeen).toISOString(),
      netbirdVersion: clientVersion(rng),
      loginExpired,
      createdAt: new Date(this.now.getTime() - rng.int(20, 400) * DAY).toISOString(),
    };
    this.devices.push(device);
    return device;
  }

  /** Forces a device online now (the demo's leaver must have a live machine tunnel). */
  online(device: OrgDevice): void {
    Object.assign(device, {
      connected: true,
      loginExpired: false,
      lastSeenAt: new Date(this.now.getTime() - MINUTE).toISOString(),
    });
  }

  /** Forces a device offline since `daysAgo` days. */
  offlineSince(device: OrgDevice, daysAgo: number): void {
    Object.assign(device, {
      connected: false,
      loginExpired: false,
      lastSeenAt: new Date(this.now.getTime() - daysAgo * DAY).toISOString(),
    });
  }
}
