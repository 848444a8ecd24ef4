/**
 * The model social-media policy catalogue shipped with every new school, written in our own
 * words from the five seed policies (DOMAIN.md §2). A school may edit it; each edit is a new
 * version and old cases keep the version they were reported under.
 */
export const MODEL_POLICY_CLAUSES: ReadonlyArray<{ code: string; title: string }> = [
  {
    code: 'SM-01',
    title:
      "Using the school's name, logo or published material without the head's written permission",
  },
  {
    code: 'SM-02',
    title: 'Posting content that links the school to illegal conduct or harms its reputation',
  },
  {
    code: 'SM-03',
    title: 'Disclosing confidential or sensitive information, or anything that weakens security',
  },
  {
    code: 'SM-04',
    title:
      'Posting images of pupils, staff or governors from school activities without authorisation or consent, or showing identifying details',
  },
  {
    code: 'SM-05',
    title:
      'Derogatory, defamatory, rude, threatening or discriminatory comments about the school or anyone connected with it',
  },
  {
    code: 'SM-06',
    title: 'Online contact with current or former pupils: messaging, friending or following',
  },
  {
    code: 'SM-07',
    title: 'Friending or private online contact with parents (immediate family excepted)',
  },
  { code: 'SM-08', title: 'Personal social-media use on school equipment or in working time' },
  {
    code: 'SM-09',
    title:
      'Using a personal phone, camera or smart watch to photograph or record children, or where children are present',
  },
  {
    code: 'SM-10',
    title:
      'Giving personal contact details (phone, personal email, home address) to pupils or parents',
  },
  { code: 'SM-11', title: 'Harassing, bullying or discriminating against colleagues online' },
  {
    code: 'SM-12',
    title: 'Impersonation, misleading statements or a data-protection breach online',
  },
  { code: 'SM-13', title: 'Giving references for other people on social or professional networks' },
  { code: 'SM-14', title: 'Failing to report a known breach to the headteacher' },
  {
    code: 'SM-15',
    title:
      'A profile that identifies the school or profession where the policy forbids it, or privacy settings not set high',
  },
];
