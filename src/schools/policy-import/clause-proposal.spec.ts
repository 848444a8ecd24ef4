import { describe, expect, it } from '@jest/globals';
import {
  MAX_POLICY_TEXT_CHARS,
  proposeClauses,
  type PolicyProposal,
  type ProposedClause,
} from './clause-proposal.js';
import { PolicyImportErrorCode, PolicyImportException } from './policy-import.exception.js';
import { SEEDS, seedText } from './seed-policies.fixtures.js';

/** The one clause whose text contains `words`; fails when none or several do. */
function clauseWith(proposal: PolicyProposal, words: string): ProposedClause {
  const found = proposal.clauses.filter((c) => c.text.toLowerCase().includes(words.toLowerCase()));
  expect(found.map((c) => c.code)).toHaveLength(1);
  return found[0];
}

function hasClauseWith(proposal: PolicyProposal, words: string): boolean {
  return proposal.clauses.some((c) => c.text.toLowerCase().includes(words.toLowerCase()));
}

function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyImportException) {
      return { status: error.status, code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('proposeClauses on the five seed policies', () => {
  it.each(Object.values(SEEDS))(
    '%s: every clause is whole, coded once and titled from its own words',
    (file) => {
      const proposal = proposeClauses(seedText(file));
      const codes = proposal.clauses.map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const clause of proposal.clauses) {
        expect(clause.code).toMatch(/^POL-\d{2}(\.[0-9A-Z]+)*$|^POL-[A-Z]+(\.[0-9A-Z]+)*$/);
        expect(clause.text.trim()).not.toBe('');
        expect(clause.title.length).toBeGreaterThan(0);
        expect(clause.title.length).toBeLessThanOrEqual(100);
        // The title is the rule's own opening words, nothing more.
        const opening = clause.title.replace(/…$/, '').toLowerCase();
        expect(clause.text.toLowerCase().startsWith(opening)).toBe(true);
        expect(clause.modelCode === null || /^SM-(0[1-9]|1[0-5])$/.test(clause.modelCode)).toBe(
          true,
        );
      }
      // Deterministic: the same text, the same proposal.
      expect(proposeClauses(seedText(file))).toEqual(proposal);
    },
  );

  it('Our Lady Immaculate: key principles, the unacceptable list and the "must ensure" list', () => {
    const proposal = proposeClauses(seedText(SEEDS.ourLady));
    // 5 key principles + 4 "not considered acceptable" + 3 "must ensure that they" bullets;
    // the two aims and the two statements of what follows a breach are not rules.
    expect(proposal.clauses).toHaveLength(12);
    expect(proposal.codesFrom).toBe('order');
    expect(proposal.clauses.map((c) => c.code)).toEqual(
      Array.from({ length: 12 }, (_x, i) => `POL-${String(i + 1).padStart(2, '0')}`),
    );

    const logo = clauseWith(proposal, 'logo');
    expect(logo).toMatchObject({ code: 'POL-06', modelCode: 'SM-01', label: null });
    expect(logo.leadIn).toMatch(/not considered acceptable/);
    expect(logo.title).toBe('The use of the school’s name, logo, or any other published material…');

    expect(clauseWith(proposal, 'derogatory').modelCode).toBe('SM-05');
    expect(clauseWith(proposal, 'must not communicate with pupils').modelCode).toBe('SM-06');
    expect(clauseWith(proposal, 'Chatham House').section).toBe('Key Principles');
    // The bookmark debris of the Word export is not part of the school's words.
    expect(proposal.clauses.some((c) => c.text.includes('[bookmark'))).toBe(false);

    expect(hasClauseWith(proposal, 'further safeguard')).toBe(false); // an aim
    expect(hasClauseWith(proposal, 'fully investigated')).toBe(false); // a consequence
  });

  it('Roby Park: principles, the two code-of-conduct lists and the mobile phone rules', () => {
    const proposal = proposeClauses(seedText(SEEDS.robyPark));
    // 6 key principles (one is a statement of scope, kept because the list is one of duties)
    // + 4 unacceptable + 7 "must ensure" + 7 mobile phone and camera rules.
    expect(proposal.clauses).toHaveLength(24);
    expect(clauseWith(proposal, 'friend’ a pupil').modelCode).toBe('SM-06');
    expect(clauseWith(proposal, 'kept in a secure place').modelCode).toBe('SM-09');
    expect(clauseWith(proposal, 'Smart watches').section).toMatch(/^Mobile Phones/);
    expect(clauseWith(proposal, 'school phone number and email address').modelCode).toBe('SM-10');
    expect(clauseWith(proposal, 'high levels of privacy').modelCode).toBe('SM-15');

    expect(hasClauseWith(proposal, 'Whistleblowing')).toBe(false); // related policies
    expect(hasClauseWith(proposal, 'To further safeguard')).toBe(false); // an aim
    expect(hasClauseWith(proposal, 'fully investigated')).toBe(false);
  });

  it("St Nicholas (Wales): codes follow the policy's own numbers", () => {
    const proposal = proposeClauses(seedText(SEEDS.stNicholas));
    // Procedure 1-9 and general advice 13-14. Items 10-12 say what follows a breach, and the
    // two numbered aims at the top say what the policy is for.
    expect(proposal.codesFrom).toBe('policy');
    expect(proposal.clauses.map((c) => c.code)).toEqual([
      'POL-01',
      'POL-02',
      'POL-03',
      'POL-04',
      'POL-05',
      'POL-06',
      'POL-07',
      'POL-08',
      'POL-09',
      'POL-13',
      'POL-14',
    ]);
    const dialogue = clauseWith(proposal, 'personal dialogue with pupils');
    expect(dialogue).toMatchObject({ code: 'POL-08', label: '8', modelCode: 'SM-06' });
    expect(dialogue.section).toBe('Procedure');
    expect(clauseWith(proposal, 'private use at any time').modelCode).toBe('SM-08');
    expect(clauseWith(proposal, 'confidential to the Council').modelCode).toBe('SM-03');
    expect(clauseWith(proposal, 'EWC').section).toBe('GENERAL ADVICE');

    expect(hasClauseWith(proposal, 'ethos and standing')).toBe(false);
    expect(hasClauseWith(proposal, 'gross misconduct')).toBe(false);
  });

  it('Coads Green: the duty to report a breach is kept, what follows a breach is not', () => {
    const proposal = proposeClauses(seedText(SEEDS.coadsGreen));
    // 3 key principles + 4 unacceptable + 6 "must ensure" + the duty to report.
    expect(proposal.clauses).toHaveLength(14);
    const report = clauseWith(proposal, 'professional duty');
    expect(report.modelCode).toBe('SM-14');
    expect(report.section).toBe('Breaches of the Code of Conduct');
    expect(clauseWith(proposal, 'highest privacy settings').modelCode).toBe('SM-15');
    expect(clauseWith(proposal, 'Personal contact details').modelCode).toBe('SM-10');
    expect(clauseWith(proposal, 'friend requests').modelCode).toBe('SM-06');

    expect(hasClauseWith(proposal, 'will result in action')).toBe(false);
    expect(hasClauseWith(proposal, 'refers to members of staff')).toBe(false); // a definition
  });

  it("St Mary's: lettered rules, the posting protocol, one grouped rule and no appendix", () => {
    const proposal = proposeClauses(seedText(SEEDS.stMarys));
    // a)-j) under "must not be used to:", the four protocol steps, and "must not post ...
    // about:" with its six short parts as one rule. The letters and numbers restart between
    // lists, so the codes run in order.
    expect(proposal.clauses).toHaveLength(15);
    expect(proposal.codesFrom).toBe('order');

    const references = clauseWith(proposal, 'Provide references');
    expect(references).toMatchObject({ code: 'POL-10', label: 'j', modelCode: 'SM-13' });
    expect(references.leadIn).toBe('Social Media must not be used to:');
    expect(clauseWith(proposal, 'Harass or bully').modelCode).toBe('SM-11');
    expect(clauseWith(proposal, 'claiming to be someone other').modelCode).toBe('SM-12');
    // "i)" after "h)" is the ninth letter, not the numeral one.
    expect(clauseWith(proposal, 'Breach any other laws').label).toBe('i');

    const grouped = clauseWith(proposal, 'disparaging or defamatory statements about');
    expect(grouped.text.split('\n')).toEqual([
      'Staff must not post disparaging or defamatory statements about:',
      'i. The School.',
      'ii. Current, past or prospective Staff.',
      'iii. Current, past or prospective pupils.',
      'iv. Parents, carers or families of (iii)',
      'v. The school’s suppliers and services providers; and',
      'vi. Other affiliates and stakeholders.',
    ]);
    expect(grouped.modelCode).toBe('SM-05');
    expect(grouped.title).toBe('Staff must not post disparaging or defamatory statements about');

    expect(hasClauseWith(proposal, 'INSET Days')).toBe(false); // what the school will post
    expect(hasClauseWith(proposal, 'Snapchat')).toBe(false); // the appendix for parents
  });
});

describe('proposeClauses on policies written for these tests', () => {
  it('reads a numbered outline: numbered headings, sub-rules with their own numbers, short parts', () => {
    const proposal = proposeClauses(
      [
        '1. Introduction',
        'This policy explains what the governing body expects of staff online.',
        '2. Online contact',
        '2.1 Staff must not accept friend requests from current or former pupils.',
        '2.2 Staff must keep the privacy settings of every account set high:',
        '(a) on each platform;',
        '(b) after each update.',
        '3. Images',
        '3.1 Staff must not post photographs of pupils taken at school events without consent.',
        '3.2 Staff should use school cameras only.',
      ].join('\n'),
    );
    expect(proposal.codesFrom).toBe('policy');
    expect(proposal.clauses.map((c) => [c.code, c.section, c.modelCode])).toEqual([
      ['POL-02.1', 'Online contact', 'SM-06'],
      ['POL-02.2', 'Online contact', 'SM-15'],
      ['POL-03.1', 'Images', 'SM-04'],
      ['POL-03.2', 'Images', 'SM-09'],
    ]);
    expect(proposal.clauses[1].text).toBe(
      [
        'Staff must keep the privacy settings of every account set high:',
        '(a) on each platform;',
        '(b) after each update.',
      ].join('\n'),
    );
  });

  it('splits sub-items that are rules of their own, under a numbered rule that introduces them', () => {
    const proposal = proposeClauses(
      [
        'Conduct',
        '4. When using social media staff must not:',
        'a) post comments about pupils, parents or colleagues that could be read as derogatory;',
        'b) give their personal mobile number or home address to pupils or their families;',
        'c) use a school e-mail address to sign up to a personal account.',
      ].join('\n'),
    );
    expect(proposal.clauses.map((c) => [c.code, c.label, c.leadIn])).toEqual([
      ['POL-04.A', 'a', 'When using social media staff must not:'],
      ['POL-04.B', 'b', 'When using social media staff must not:'],
      ['POL-04.C', 'c', 'When using social media staff must not:'],
    ]);
    expect(proposal.clauses[1].modelCode).toBe('SM-10');
  });

  it('reads every bullet the brief names, nests a change of bullet and keeps sub-rules apart', () => {
    const proposal = proposeClauses(
      [
        'Rules for everyone',
        '• Staff must not share log-in details with anyone.',
        'o Passwords must be changed each term.',
        'o Shared devices must be locked when left.',
        '▪ Governors must not discuss cases on social media.',
        '* Volunteers must not photograph pupils.',
        '- Staff must report concerns about online content to the headteacher.',
        '· Parents are asked not to post images of other children.',
      ].join('\n'),
    );
    // Each change of bullet opens a sub-list, as Word's levels do (•, o, ▪); the sub-items
    // are rules of their own, so each is proposed, in the policy's order.
    expect(proposal.clauses.map((c) => c.title)).toEqual([
      'Staff must not share log-in details with anyone',
      'Passwords must be changed each term',
      'Shared devices must be locked when left',
      'Governors must not discuss cases on social media',
      'Volunteers must not photograph pupils',
      'Staff must report concerns about online content to the headteacher',
      'Parents are asked not to post images of other children',
    ]);
    expect(proposal.clauses[5].modelCode).toBe('SM-14');
  });

  it('groups short bullets under the rule they complete', () => {
    const proposal = proposeClauses(
      [
        'Staff must not name any of the following online:',
        '• pupils',
        '• parents and carers',
        '• colleagues',
      ].join('\n'),
    );
    expect(proposal.clauses).toHaveLength(1);
    expect(proposal.clauses[0].text).toBe(
      [
        'Staff must not name any of the following online:',
        '• pupils',
        '• parents and carers',
        '• colleagues',
      ].join('\n'),
    );
  });

  it('skips definitions, contact details, aims and appendices', () => {
    const proposal = proposeClauses(
      [
        'Aims',
        '• To keep pupils and staff safe online.',
        'Definitions',
        '• "Social media" means any website or app where people share content.',
        'Rules',
        '• "Staff" means anyone paid or unpaid who works at the school.',
        '• Staff must not post images of pupils on personal accounts.',
        '• Staff must never message a pupil privately.',
        'Contacts',
        '• Headteacher: head@school.example, 01234 567890',
        '• Chair of governors: chair@school.example',
        'Appendix 1: Advice for parents',
        '• You must check the age limit of each app.',
      ].join('\n'),
    );
    expect(proposal.clauses.map((c) => c.title)).toEqual([
      'Staff must not post images of pupils on personal accounts',
      'Staff must never message a pupil privately',
    ]);
  });

  it('joins a rule that was wrapped over several lines back into one', () => {
    const proposal = proposeClauses(
      [
        'Procedure',
        '1. Staff must not use the school network to reach personal accounts on the',
        'Council systems at any time.',
        '2. Staff must not use their own phones during',
        '',
        'lessons or while supervising pupils.',
      ].join('\n'),
    );
    expect(proposal.clauses.map((c) => c.text)).toEqual([
      'Staff must not use the school network to reach personal accounts on the Council systems at any time.',
      'Staff must not use their own phones during lessons or while supervising pupils.',
    ]);
  });

  it('reads a policy written in Welsh', () => {
    const proposal = proposeClauses(
      [
        'Nodau',
        '• Diogelu disgyblion a staff.',
        'Rheolau',
        '• Rhaid i staff beidio â rhannu lluniau o ddisgyblion ar gyfryngau cymdeithasol.',
        '• Ni ddylai staff gysylltu â disgyblion drwy negeseuon preifat.',
      ].join('\n'),
    );
    expect(proposal.clauses.map((c) => [c.code, c.section])).toEqual([
      ['POL-01', 'Rheolau'],
      ['POL-02', 'Rheolau'],
    ]);
    expect(proposal.clauses[0].text).toBe(
      'Rhaid i staff beidio â rhannu lluniau o ddisgyblion ar gyfryngau cymdeithasol.',
    );
  });
});

describe('proposeClauses refuses what is not a policy', () => {
  it.each([
    ['empty text', ''],
    ['only white space', ' \n\t\r\n  \u00a0 '],
  ])('%s is empty', (_what, text) => {
    expect(refusal(() => proposeClauses(text))).toMatchObject({
      status: 400,
      code: PolicyImportErrorCode.TextEmpty,
    });
  });

  it('a value that is not text is refused as empty, not thrown as a type error', () => {
    expect(refusal(() => proposeClauses(null as unknown as string))).toMatchObject({
      code: PolicyImportErrorCode.TextEmpty,
    });
  });

  it('a 5 MB paste is refused before it is read', () => {
    const paste = '• Staff must not post images of pupils.\n'.repeat(130_000);
    expect(paste.length).toBeGreaterThan(5_000_000);
    expect(refusal(() => proposeClauses(paste))).toEqual({
      status: 413,
      code: PolicyImportErrorCode.TextTooLarge,
      message: 'The policy text is longer than 200,000 characters',
    });
  });

  it('text with no lists says so', () => {
    const prose = seedText(SEEDS.stMarys)
      .split('\n')
      .filter((line) => !/^\s*([•·]|[a-z]\)|[ivx]+\.|\d+\.)/.test(line))
      .join('\n');
    expect(refusal(() => proposeClauses(prose))).toMatchObject({
      status: 400,
      code: PolicyImportErrorCode.NoRulesFound,
      message: 'The policy text has no numbered, lettered or bulleted items to propose as rules',
    });
  });

  it('lists that hold no rules say so', () => {
    const text = 'This policy aims to:\n1. Keep pupils safe.\n2. Protect staff.\n';
    expect(refusal(() => proposeClauses(text))).toMatchObject({
      code: PolicyImportErrorCode.NoRulesFound,
      message: "None of the policy's numbered, lettered or bulleted items reads as a rule",
    });
  });

  it('hostile text at the size limit is read, with titles kept short', () => {
    // Each line once made a pattern backtrack over its whole length (tens of seconds for the
    // lot, measured); they are all read in one pass now.
    const text = [
      `• Staff must not post ${'x'.repeat(20_000)}`,
      `• ${'must '.repeat(6_000)}`,
      '\u0000\u0007\u200b\ufeff• Staff must not\u00ad share pass\u200bwords.',
      '((((((((((((((((((((((((((((((((((((((((((((',
      '1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1 Staff must lock screens.',
      `x${'•'.repeat(20_000)}y`,
      `• Staff must not post ${'!'.repeat(20_000)}x`,
      '[bookmark: '.repeat(1_500),
      `• Staff must not post ${'., '.repeat(7_000)}x`,
      `• Staff must not post. ${'. '.repeat(10_000)}x`,
      `• Staff must not post ${'St. A '.repeat(4_000)}`,
      `Joined lines${'\nthe\nThe'.repeat(2_000)}`,
    ].join('\n');
    expect(text.length).toBeGreaterThan(150_000);
    expect(text.length).toBeLessThan(MAX_POLICY_TEXT_CHARS);
    const proposal = proposeClauses(text);
    expect(proposal.clauses.length).toBeGreaterThanOrEqual(8);
    for (const clause of proposal.clauses) expect(clause.title.length).toBeLessThanOrEqual(100);
    expect(clauseWith(proposal, 'share passwords').text).toBe('Staff must not share passwords.');
  });

  it('stray full stops after a rule are not part of it', () => {
    const proposal = proposeClauses('• Staff must not share passwords.   . \n');
    expect(proposal.clauses[0].text).toBe('Staff must not share passwords.');
  });
});
