/**
 * The people of the demo organisation (the Entra side of the truth): a CEO, a head per
 * department, teams of TEAM_SIZE under team managers, each person at one of the two sites.
 * Deterministic from the Rng it is given.
 */
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, TEAM_SIZE, type Department, type SiteName } from './names.js';
import type { Rng } from './rng.js';

export const UPN_DOMAIN = 'contoso.example';
export const AD_DOMAIN = 'corp.contoso.example';

export interface OrgPerson {
  id: string;
  givenName: string;
  surname: string;
  displayName: string;
  userPrincipalName: string;
  department: string;
  jobTitle: string;
  site: SiteName;
  managerId: string | undefined;
  /** The NetBird group their Entra groups sync to (JWT group sync). */
  netbirdGroup: Department['netbirdGroup'];
  samAccountName: string;
  immutableId: string;
  createdAt: string;
  lastPasswordChangeAt: string;
  /** Signed in to NetBird at least once, so NetBird has a user for them. */
  hasNetBirdUser: boolean;
  ssprRegistered: boolean;
  mfaRegistered: boolean;
}

const DAY = 86_400_000;

export class PeopleBuilder {
  readonly people: OrgPerson[] = [];
  private readonly upns = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly now: Date,
  ) {}

  add(
    department: Pick<Department, 'name' | 'netbirdGroup'>,
    jobTitle: string,
    site: SiteName,
    managerId: string | undefined,
  ): OrgPerson {
    const rng = this.rng;
    const givenName = rng.pick(FIRST_NAMES);
    const surname = rng.pick(LAST_NAMES);
    const local = this.uniqueLocalPart(`${givenName}.${surname}`.toLowerCase());
    const person: OrgPerson = {
      id: rng.guid(),
      givenName,
      surname,
      displayName: `${givenName} ${surname}`,
      userPrincipalName: `${local}@${UPN_DOMAIN}`,
      department: department.name,
      jobTitle,
      site,
      managerId,
      netbirdGroup: department.netbirdGroup,
      samAccountName: local.slice(0, 20),
      immutableId: Buffer.from(Array.from({ length: 16 }, () => rng.int(0, 255))).toString('base64'),
      createdAt: new Date(this.now.getTime() - rng.int(30, 1_500) * DAY).toISOString(),
      lastPasswordChangeAt: new Date(this.now.getTime() - rng.int(1, 80) * DAY - rng.int(0, DAY)).toISOString(),
      hasNetBirdUser: rng.chance(0.9),
      ssprRegistered: rng.chance(site === 'Honolulu' ? 0.95 : 0.85),
      mfaRegistered: rng.chance(0.97),
    };
    this.people.push(person);
    return person;
  }

  site(): SiteName {
    return this.rng.chance(0.6) ? 'Honolulu' : 'Boulder';
  }

  private uniqueLocalPart(base: string): string {
    let candidate = base;
    for (let n = 2; this.upns.has(candidate); n++) candidate = `${base}${n}`;
    this.upns.add(candidate);
    return candidate;
  }
}

export interface Hierarchy {
  people: OrgPerson[];
  ceo: OrgPerson;
  heads: Map<string, OrgPerson>;
  /** Team managers (not heads) per department, in creation order. */
  teamManagers: Map<string, OrgPerson[]>;
}

/** Staff per department: proportional to the weights, IT at least 3 (the fixed IT people). */
function staffCounts(total: number): Map<string, number> {
  const weights = DEPARTMENTS.reduce((s, d) => s + d.weight, 0);
  const counts = new Map(DEPARTMENTS.map((d) => [d.name, Math.floor((total * d.weight) / weights)]));
  counts.set('IT', Math.max(3, counts.get('IT') ?? 0));
  let placed = [...counts.values()].reduce((a, b) => a + b, 0);
  for (let i = 0; placed < total; i = (i + 1) % DEPARTMENTS.length, placed++) {
    const name = DEPARTMENTS[(i + 3) % DEPARTMENTS.length]!.name; // spread the remainder from Finance on
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** A CEO, a head per department, and `users - 1 - departments` staff in teams. */
export function buildHierarchy(rng: Rng, now: Date, users: number): Hierarchy {
  const b = new PeopleBuilder(rng, now);
  const ceo = b.add(
    { name: 'Executive', netbirdGroup: 'General Users' },
    'Chief Executive Officer',
    'Honolulu',
    undefined,
  );
  const heads = new Map<string, OrgPerson>();
  for (const [i, dept] of DEPARTMENTS.entries())
    heads.set(dept.name, b.add(dept, dept.headTitle, i % 3 === 2 ? 'Boulder' : 'Honolulu', ceo.id));
  const teamManagers = new Map<string, OrgPerson[]>();
  const counts = staffCounts(users - 1 - DEPARTMENTS.length);
  for (const dept of DEPARTMENTS) {
    const head = heads.get(dept.name)!;
    const managers: OrgPerson[] = [];
    let manager = head;
    let reports = 0;
    for (let i = 0; i < (counts.get(dept.name) ?? 0); i++) {
      if (reports === TEAM_SIZE) {
        // The next person leads a new team under the head.
        manager = b.add(dept, dept.managerTitle, b.site(), head.id);
        managers.push(manager);
        reports = 0;
        continue;
      }
      b.add(dept, dept.staffTitles[i % dept.staffTitles.length]!, b.site(), manager.id);
      reports++;
    }
    teamManagers.set(dept.name, managers);
  }
  return { people: b.people, ceo, heads, teamManagers };
}
