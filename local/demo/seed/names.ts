/**
 * The raw material of the demo organisation: names (a mix fitting offices in Honolulu and
 * Boulder), departments and job titles. Invented; any likeness to real people is chance.
 */
export const FIRST_NAMES = [
  'Akoni', 'Alana', 'Alex', 'Amy', 'Andre', 'Aolani', 'Ben', 'Bianca', 'Brooke', 'Caleb', 'Carmen', 'Chris',
  'Dana', 'Daniel', 'Devon', 'Elena', 'Emma', 'Ethan', 'Grace', 'Hana', 'Hector', 'Ikaika', 'Isabel', 'Jade',
  'James', 'Jasmine', 'Jordan', 'Kai', 'Kalani', 'Kawika', 'Keala', 'Keoni', 'Kiana', 'Lani', 'Laura', 'Leilani',
  'Liam', 'Lucas', 'Mahina', 'Makoa', 'Malia', 'Mara', 'Mateo', 'Maya', 'Mele', 'Mia', 'Nalani', 'Naomi',
  'Noa', 'Noah', 'Olivia', 'Omar', 'Pua', 'Quinn', 'Rachel', 'Riley', 'Rosa', 'Ryan', 'Sam', 'Sara',
  'Sione', 'Sofia', 'Tala', 'Taylor', 'Tyler', 'Uri', 'Vanessa', 'Wes', 'Yuki', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Akana', 'Alvarez', 'Anderson', 'Baker', 'Brooks', 'Chang', 'Chen', 'Cruz', 'Davis', 'Delgado', 'Evans', 'Fernandez',
  'Fisher', 'Fujimoto', 'Garcia', 'Gomez', 'Hale', 'Hayes', 'Higa', 'Hughes', 'Ito', 'Jensen', 'Kahale', 'Kahananui',
  'Kalama', 'Kealoha', 'Kim', 'Lee', 'Lopez', 'Mahoe', 'Martin', 'Matsumoto', 'Meyer', 'Miller', 'Morales', 'Nakamura',
  'Nguyen', 'Nishimura', 'Olsen', 'Ortiz', 'Palakiko', 'Park', 'Patel', 'Perez', 'Quinn', 'Reyes', 'Rivera', 'Sato',
  'Schmidt', 'Silva', 'Smith', 'Tanaka', 'Taylor', 'Torres', 'Tran', 'Turner', 'Vasquez', 'Walker', 'Wong', 'Yamada',
] as const;

export type SiteName = 'Honolulu' | 'Boulder';

export interface Department {
  name: string;
  /** Share of the staff (the rest of the weights). */
  weight: number;
  /** NetBird's JWT group for the department's people: Engineers get the LAN, everyone else the DCs. */
  netbirdGroup: 'Engineers' | 'General Users';
  headTitle: string;
  managerTitle: string;
  staffTitles: readonly string[];
}

/** IT first: the seed builds its fixed people (IT engineer, approvers) from it. */
export const DEPARTMENTS: readonly Department[] = [
  { name: 'IT', weight: 6, netbirdGroup: 'Engineers', headTitle: 'IT Manager', managerTitle: 'IT Team Lead', staffTitles: ['Systems Engineer', 'Network Engineer', 'Service Desk Analyst'] },
  { name: 'Engineering', weight: 18, netbirdGroup: 'Engineers', headTitle: 'VP Engineering', managerTitle: 'Engineering Manager', staffTitles: ['Software Engineer', 'Senior Software Engineer', 'QA Engineer'] },
  { name: 'Finance', weight: 12, netbirdGroup: 'General Users', headTitle: 'Finance Director', managerTitle: 'Accounting Manager', staffTitles: ['Accountant', 'Financial Analyst', 'Payroll Specialist'] },
  { name: 'Sales', weight: 22, netbirdGroup: 'General Users', headTitle: 'Sales Director', managerTitle: 'Sales Manager', staffTitles: ['Account Executive', 'Sales Representative', 'Sales Coordinator'] },
  { name: 'Operations', weight: 26, netbirdGroup: 'General Users', headTitle: 'Operations Director', managerTitle: 'Operations Supervisor', staffTitles: ['Operations Specialist', 'Logistics Coordinator', 'Field Technician'] },
  { name: 'People', weight: 8, netbirdGroup: 'General Users', headTitle: 'People Director', managerTitle: 'HR Manager', staffTitles: ['HR Generalist', 'Recruiter', 'Office Administrator'] },
  { name: 'Legal', weight: 8, netbirdGroup: 'General Users', headTitle: 'General Counsel', managerTitle: 'Legal Manager', staffTitles: ['Paralegal', 'Contracts Specialist', 'Compliance Analyst'] },
];

/** How many direct reports a team manager takes before the department opens another team. */
export const TEAM_SIZE = 7;
