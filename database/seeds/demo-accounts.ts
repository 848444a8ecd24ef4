import type { Role } from '../../src/common/role.js';

/** The demo schools and accounts fixed by API.md ("Demo data"). Names are invented. */
export const DEMO_SCHOOLS = [
  { code: 'OAK', name: 'Oak Primary School', domain: 'oak.example', nation: 'england' },
  // In Wales: its procedures use the Welsh guidance's words and the EWC.
  { code: 'ELM', name: 'Elm Primary School', domain: 'elm.example', nation: 'wales' },
] as const;

const PEOPLE: Record<string, Record<string, string>> = {
  OAK: {
    staff: 'Priya Shah',
    staff2: 'Tom Reed',
    head: 'Helen Carter',
    dsl: 'Joanne Walsh',
    chair: 'Martin Hughes',
    governor: 'Aisha Bello',
    admin: 'Gary Fox',
  },
  ELM: {
    staff: 'Owen Price',
    staff2: 'Nia Evans',
    head: 'David Okafor',
    dsl: 'Gareth Morgan',
    chair: 'Susan Hall',
    governor: 'Imran Malik',
    admin: 'Laura Benson',
  },
};

const ROLE_BY_MAILBOX: Record<string, Role> = {
  staff: 'staff',
  staff2: 'staff',
  head: 'headteacher',
  dsl: 'dsl',
  chair: 'chair_of_governors',
  governor: 'governor',
  admin: 'admin',
};

export interface DemoAccount {
  email: string;
  name: string;
  memberships: { schoolCode: string; role: Role }[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  ...DEMO_SCHOOLS.flatMap((school) =>
    Object.entries(ROLE_BY_MAILBOX).map(([mailbox, role]) => ({
      email: `${mailbox}@${school.domain}`,
      name: PEOPLE[school.code][mailbox],
      memberships: [{ schoolCode: school.code, role }],
    })),
  ),
  {
    email: 'hr@council.example',
    name: 'Rachel Price',
    memberships: DEMO_SCHOOLS.map((s) => ({ schoolCode: s.code, role: 'hr' as Role })),
  },
];
