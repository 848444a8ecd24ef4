// Case list and search over N cases (default 100,000; the issue's target is p95 under 50 ms per
// query at 1,000,000, as head@oak.example: --cases 1000000, which takes minutes to insert).
// Run after a build: node scripts/bench/case-list.mjs [--dist dist] [--cases N]
// [--keep DIR]: keep the data directory (created, or emptied, at DIR) after the run;
// [--reuse DIR]: measure against a directory a --keep run left, without inserting again (the
// app still runs its migrations on it, so a new index is built there).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { percentile, printTable, ROOT, signIn, startBuiltApp } from './bench-support.mjs';

const SAMPLES = 50;
const WARM_UP = 5;
const GLOBAL_WARM_UP = 20;
// Bounds the run when a query is very slow, so the whole script stays within a few minutes.
const QUERY_BUDGET_MS = 12_000;
const TARGET_P95_MS = 50;
const SEARCH_WORD = 'livestream';
const ABSENT_WORD = 'xylophone';
const NOW = Date.now();
const DAY = 86_400_000;
const FIRST_REPORT = Date.parse('2019-01-07T08:00:00.000Z');

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    cases: { type: 'string', default: '100000' },
    keep: { type: 'string' },
    reuse: { type: 'string' },
  },
});
if (args.keep && args.reuse) throw new Error('--keep and --reuse are alternatives');
let CASES = Number(args.cases);
if (!Number.isInteger(CASES) || CASES < 1) throw new Error('--cases must be a whole number');
const main = join(resolve(ROOT, args.dist), 'src/main.js');

// Seeded, so every run inserts the same cases and runs can be compared.
let seed = 0x2f6e2b1;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
/** Picks by weight from [[value, weight], ...]. */
function weighted(pairs) {
  let r = random() * pairs.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of pairs) if ((r -= w) < 0) return value;
  return pairs.at(-1)[0];
}
const iso = (ms) => new Date(ms).toISOString();
/** A moment `days` after `from`, never later than now (recent cases have had less time). */
const after = (from, days) => Math.min(from + days * DAY, NOW - 60_000);
/** Weekdays only; the app also skips bank holidays, which does not matter for a benchmark. */
function addWorkingDays(ms, days) {
  let t = ms;
  for (let left = days; left > 0;) {
    t += DAY;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return t;
}

const FIRST_NAMES = [
  'Amelia',
  'Oliver',
  'Isla',
  'Noah',
  'Ava',
  'Leo',
  'Freya',
  'Arthur',
  'Mia',
  'Jack',
  'Sofia',
  'Harry',
  'Zara',
  'Yusuf',
  'Grace',
  'Ethan',
  'Chloe',
  'Kacper',
  'Ruby',
  'Dylan',
];
const LAST_NAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Khan',
  'Roberts',
  'Hughes',
  'Patel',
  'Walker',
  'Wright',
  'Lewis',
  'Nowak',
  'Green',
  'Hall',
  'Ali',
];
const OPENINGS = {
  online_abuse: [
    'A parent posted a series of comments on {platform} calling a teacher incompetent and a liar.',
    'Pupils in Year 6 set up a group chat on {platform} that mocks a classmate every evening.',
    'An anonymous account on {platform} is posting threats aimed at a member of the office staff.',
    "Someone has created a fake {platform} profile using the school logo and a teacher's photo.",
    'A parent shared a post on {platform} naming a teaching assistant and accusing her of hitting a child.',
    "Comments under the school's {platform} post about the summer fair became abusive towards the head.",
  ],
  policy_breach: [
    'A member of staff posted photographs from sports day on a personal {platform} account.',
    'A teaching assistant is following several current pupils on {platform}.',
    'A volunteer shared details of a safeguarding meeting in a public {platform} group.',
    'A teacher posted rude remarks about a colleague on {platform} during the school day.',
    'A governor used the school logo on a personal {platform} fundraising page without permission.',
    'A member of staff gave her personal number to a parent and now messages them on {platform}.',
  ],
};
const DETAILS = [
  'Screenshots were taken by a colleague before the post was deleted.',
  'The post has been shared more than forty times and has many comments from other parents.',
  'Two other parents mentioned it at the gate this morning.',
  'The messages were sent late in the evening over several days.',
  'I have not replied to any of the messages.',
  'The account appears to belong to a former pupil.',
  'The photographs show pupils in uniform and the school sign is visible.',
  'The comments include the full name of the member of staff and the class they teach.',
  'I was made aware of this by a pupil who showed me on their phone.',
  'The post was made during the working day on a school laptop.',
  'The head of year has also been tagged in the thread.',
  'It seems to be part of a pattern that started last term.',
];
const RARE_DETAILS = [
  `They also ran a ${SEARCH_WORD} from the playground during the lunch break.`,
  'The caption refers to the Christmas nativity rehearsal.',
  'A relative of the pupil has contacted the local newspaper.',
];
const RATIONALES = [
  'Evidence reviewed with HR; the conduct breaches the policy and the sanction is proportionate.',
  'The screenshots do not support the allegation; no further action.',
  'The member of staff accepted the concern and removed the content at once.',
];
const PLATFORMS = [
  ['facebook', 35],
  ['instagram', 15],
  ['x', 8],
  ['tiktok', 12],
  ['youtube', 3],
  ['snapchat', 10],
  ['whatsapp', 14],
  ['other', 3],
];
const CLAUSES = Array.from({ length: 15 }, (_, i) => `SM-${String(i + 1).padStart(2, '0')}`);
const ABUSE_CLAUSES = ['SM-05', 'SM-11', 'SM-12', 'SM-02'];
const FORMAL_SANCTIONS = [
  'first_written_warning',
  'final_written_warning',
  'dismissal',
  'summary_dismissal',
];

function description(type, platform) {
  const parts = [pick(OPENINGS[type]).replace('{platform}', platform)];
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) parts.push(pick(DETAILS));
  if (chance(0.06)) parts.push(pick(RARE_DETAILS));
  return parts.join(' ');
}

/** Older cases have mostly run their course; recent ones are still open. */
function statusForAge(ageDays) {
  if (ageDays < 2)
    return weighted([
      ['reported', 60],
      ['investigating', 40],
    ]);
  if (ageDays < 30)
    return weighted([
      ['reported', 10],
      ['investigating', 45],
      ['hr_advice', 20],
      ['outcome', 10],
      ['appeal', 3],
      ['closed', 12],
    ]);
  if (ageDays < 180)
    return weighted([
      ['reported', 1],
      ['investigating', 10],
      ['hr_advice', 8],
      ['outcome', 8],
      ['appeal', 2],
      ['closed', 71],
    ]);
  return weighted([
    ['investigating', 5],
    ['hr_advice', 3],
    ['outcome', 5],
    ['appeal', 1],
    ['closed', 986],
  ]);
}

/** One case_record row with fields consistent with its status (DOMAIN.md §5 and §6). */
function makeCase(school, reportedAt) {
  const type = chance(0.55) ? 'online_abuse' : 'policy_breach';
  const status = statusForAge((NOW - reportedAt) / DAY);
  const platform = weighted(PLATFORMS);
  const headIsSubject = chance(0.03);
  const indecentImages = chance(0.002);
  const safeguarding = indecentImages || chance(0.08);
  const relationship = headIsSubject
    ? 'staff'
    : type === 'online_abuse'
      ? weighted([
          ['parent', 45],
          ['pupil', 25],
          ['external', 15],
          ['unknown', 15],
        ])
      : weighted([
          ['staff', 60],
          ['volunteer', 15],
          ['governor', 10],
          ['parent', 15],
        ]);
  const linkedStaff = relationship === 'staff' && !headIsSubject && chance(0.3);
  const reporter = linkedStaff
    ? school.staff[0]
    : weighted([
        [school.staff[0], 45],
        [school.staff[1], 45],
        [school.head, 6],
        [school.governor, 4],
      ]);
  const clauseCodes =
    type === 'policy_breach'
      ? [...new Set([pick(CLAUSES), ...(chance(0.4) ? [pick(CLAUSES)] : [])])]
      : chance(0.7)
        ? [...new Set([pick(ABUSE_CLAUSES), ...(chance(0.3) ? [pick(ABUSE_CLAUSES)] : [])])]
        : [];
  const c = {
    id: randomUUID(),
    schoolId: school.id,
    type,
    status,
    version: 1,
    policyVersionId: school.policyVersionId,
    clauseCodes: JSON.stringify(clauseCodes.sort()),
    description: description(type, platform),
    occurredAt: iso(reportedAt - random() * 7 * DAY),
    reportedAt: iso(reportedAt),
    safeguarding: safeguarding ? 1 : 0,
    confidentialReporter: chance(0.1) ? 1 : 0,
    indecentImages: indecentImages ? 1 : 0,
    platform,
    postUrl: chance(0.7)
      ? `https://www.${platform}.com/p/${Math.floor(random() * 1e10).toString(36)}`
      : null,
    subjectName: headIsSubject
      ? school.headName
      : relationship === 'unknown'
        ? null
        : `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    subjectRelationship: relationship,
    subjectUserId:
      headIsSubject && chance(0.5) ? school.head : linkedStaff ? school.staff[1] : null,
    reporterId: reporter,
    ownerRole: headIsSubject ? 'chair_of_governors' : 'headteacher',
    ownerUserId: headIsSubject ? school.chair : school.head,
    classification: null,
    hrRequestedAt: null,
    hrReachedAt: null,
    hrAdviceCount: 0,
    lastHrAdviceAt: null,
    ladoReferredAt: null,
    finding: null,
    sanction: null,
    rationale: null,
    governorSummary: null,
    decidedAt: null,
    appealLodgedAt: null,
    appealResult: null,
    appealDecidedAt: null,
    closedAt: null,
    dueAt: null,
  };
  if (status !== 'reported') {
    c.version++;
    c.classification =
      safeguarding && chance(0.7)
        ? 'harm_threshold'
        : type === 'online_abuse'
          ? 'online_abuse'
          : weighted([
              ['conduct_breach', 75],
              ['low_level_concern', 25],
            ]);
  }
  const harm = c.classification === 'harm_threshold' || (c.classification === null && safeguarding);
  if (harm && chance(0.9)) c.ladoReferredAt = iso(after(reportedAt, random()));
  const closedAtTriage = status === 'closed' && chance(0.25);
  const viaHr =
    status === 'hr_advice' ||
    (['outcome', 'appeal', 'closed'].includes(status) && !closedAtTriage && chance(0.4));
  if (viaHr) {
    c.version++;
    c.hrRequestedAt = iso(after(reportedAt, 2 + random() * 10));
    c.hrReachedAt = c.hrRequestedAt;
    c.hrAdviceCount =
      status === 'hr_advice'
        ? weighted([
            [0, 40],
            [1, 45],
            [2, 15],
          ])
        : 1 + Math.floor(random() * 3);
    if (c.hrAdviceCount > 0)
      c.lastHrAdviceAt = iso(after(Date.parse(c.hrRequestedAt), 1 + random() * 4));
  }
  let decidedAt = null;
  if (['outcome', 'appeal', 'closed'].includes(status) && !closedAtTriage) {
    c.version++;
    decidedAt = after(reportedAt, 10 + random() * 30);
    const formal = viaHr && chance(0.5);
    c.sanction = formal ? pick(FORMAL_SANCTIONS) : pick(['none', 'management_advice']);
    c.finding = formal
      ? 'substantiated'
      : pick(['substantiated', 'unsubstantiated', 'unfounded', 'false', 'malicious']);
    c.rationale = pick(RATIONALES);
    c.governorSummary =
      'The concern was investigated under the social-media policy and an outcome recorded.';
    c.decidedAt = iso(decidedAt);
    if (status === 'appeal' || (status === 'closed' && chance(0.05))) {
      c.version++;
      c.appealLodgedAt = iso(after(decidedAt, 1 + random() * 8));
    }
    if (status === 'closed' && c.appealLodgedAt) {
      c.version++;
      c.appealResult = pick(['upheld', 'varied', 'overturned']);
      c.appealDecidedAt = iso(after(Date.parse(c.appealLodgedAt), 5 + random() * 15));
    }
  }
  if (status === 'closed') {
    c.version++;
    c.closedAt = iso(
      closedAtTriage ? after(reportedAt, 1 + random() * 2) : after(decidedAt, 12 + random() * 10),
    );
  }
  // The earliest running deadline, as nextDueAt() in src/cases/case-clocks.ts computes it.
  const due = [];
  if (status === 'reported') due.push(addWorkingDays(reportedAt, 1));
  if (harm && !c.ladoReferredAt && status !== 'closed') due.push(addWorkingDays(reportedAt, 1));
  if (status === 'hr_advice' && c.hrRequestedAt && !c.lastHrAdviceAt)
    due.push(addWorkingDays(Date.parse(c.hrRequestedAt), 5));
  if (due.length > 0) c.dueAt = iso(Math.min(...due));
  return c;
}

function schoolsIn(db) {
  const users = new Map(
    db
      .prepare('SELECT id, email, name FROM app_user')
      .all()
      .map((u) => [u.email, u]),
  );
  return db
    .prepare('SELECT id, code FROM school')
    .all()
    .map((s) => {
      const domain = `${s.code.toLowerCase()}.example`;
      const user = (mailbox) => users.get(`${mailbox}@${domain}`);
      return {
        id: s.id,
        code: s.code,
        policyVersionId: db
          .prepare(
            'SELECT id FROM policy_version WHERE "schoolId" = ? ORDER BY version DESC LIMIT 1',
          )
          .get(s.id).id,
        staff: [user('staff').id, user('staff2').id],
        head: user('head').id,
        headName: user('head').name,
        chair: user('chair').id,
        governor: user('governor').id,
      };
    });
}

/** Inserts the cases in one transaction, with per-school, per-year references in report order. */
function insertCases(sqlitePath) {
  const db = new Database(sqlitePath);
  try {
    const schools = schoolsIn(db);
    const times = Array.from(
      { length: CASES },
      () => FIRST_REPORT + random() * (NOW - DAY / 24 - FIRST_REPORT),
    ).sort((a, b) => a - b);
    const rows = times.map((t, i) => makeCase(schools[i % schools.length], Math.round(t)));
    const columns = Object.keys(rows[0]).concat('reference');
    const insert = db.prepare(
      `INSERT INTO case_record (${columns.map((k) => `"${k}"`).join(', ')}) VALUES (${columns.map((k) => `@${k}`).join(', ')})`,
    );
    const counter = db.prepare(
      // The head's reference line (the cases here are all the head's to own).
      `INSERT INTO reference_sequence ("schoolId", "year", "line", "last") VALUES (?, ?, 'head', ?)
       ON CONFLICT ("schoolId", "year", "line") DO UPDATE SET "last" = excluded."last"`,
    );
    const sequences = new Map();
    db.transaction(() => {
      for (const row of rows) {
        const school = schools.find((s) => s.id === row.schoolId);
        const year = row.reportedAt.slice(0, 4);
        const key = `${school.code}-${year}`;
        const next = (sequences.get(key) ?? 0) + 1;
        sequences.set(key, next);
        insert.run({ ...row, reference: `${key}-${String(next).padStart(4, '0')}` });
      }
      // Keeps new reports after the bulk load from reusing a reference.
      for (const [key, last] of sequences) {
        const [code, year] = key.split('-');
        counter.run(schools.find((s) => s.code === code).id, Number(year), last);
      }
    })();
    const count = (where) =>
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM case_record c JOIN school s ON s.id = c."schoolId" WHERE s.code = 'OAK' AND ${where}`,
        )
        .get().n;
    return {
      oak: count('1'),
      oakInvestigating: count(`c.status = 'investigating'`),
      oakOnlineAbuse: count(`c.type = 'online_abuse'`),
      oakSm05: count(`c."clauseCodes" LIKE '%"SM-05"%'`),
      oakOverdue: count(`c."dueAt" < '${iso(NOW)}'`),
      oakWithSearchWord: count(`c.description LIKE '%${SEARCH_WORD}%'`),
      oakReferencePrefix: count(`c.reference LIKE 'OAK-2025-01%'`),
    };
  } finally {
    db.close();
  }
}

/**
 * What SQLite's planner has to work with once the app has started: the indexes on case_record
 * (columns) and whether statistics exist, without which it picks poor plans for the OR filter.
 */
function schemaFacts(sqlitePath) {
  const db = new Database(sqlitePath, { readonly: true });
  try {
    const indexes = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case_record'`)
      .all()
      .map(({ name }) => {
        const columns = db.prepare(`SELECT name FROM pragma_index_info(?)`).all(name);
        return `(${columns.map((c) => c.name).join(', ')})`;
      });
    const hasStatTable = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'`)
      .get();
    const statistics =
      hasStatTable &&
      db.prepare(`SELECT 1 FROM sqlite_stat1 WHERE tbl = 'case_record' LIMIT 1`).get();
    return { caseRecordIndexes: indexes, caseRecordStatistics: Boolean(statistics) };
  } finally {
    db.close();
  }
}

async function timeGet(url, token) {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  return { ms: performance.now() - started, status: res.status, body };
}

/** Sequential requests, so each figure is one request's latency without queueing. */
async function measure(label, urls, token) {
  for (let i = 0; i < WARM_UP; i++) await timeGet(urls[i % urls.length], token);
  const times = [];
  let errors = 0;
  let items = 0;
  const started = Date.now();
  for (let i = 0; i < SAMPLES && Date.now() - started < QUERY_BUDGET_MS; i++) {
    const { ms, status, body } = await timeGet(urls[i % urls.length], token);
    if (status !== 200) errors++;
    else items = body.items.length;
    times.push(ms);
  }
  const p95 = percentile(times, 95);
  return {
    query: label,
    requests: times.length,
    items,
    errors,
    p50Ms: Number(percentile(times, 50).toFixed(1)),
    p95Ms: Number(p95.toFixed(1)),
    meetsTarget: errors === 0 && p95 < TARGET_P95_MS,
  };
}

let dataDir;
if (args.reuse) {
  dataDir = resolve(args.reuse);
  if (!existsSync(join(dataDir, 'bench-counts.json')))
    throw new Error(`${dataDir}: not a --keep run`);
} else if (args.keep) {
  dataDir = resolve(args.keep);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'cases-bench-list-'));
}
let app = null;
try {
  let counts;
  let insertSeconds = 0;
  if (args.reuse) {
    ({
      counts,
      insertSeconds,
      cases: CASES,
    } = JSON.parse(readFileSync(join(dataDir, 'bench-counts.json'), 'utf8')));
  } else {
    // First start: migrations and demo data only.
    app = await startBuiltApp({}, { main, dataDir });
    await app.stop();
    const insertStarted = Date.now();
    counts = insertCases(join(dataDir, 'cases.sqlite'));
    insertSeconds = (Date.now() - insertStarted) / 1000;
    if (args.keep)
      writeFileSync(
        join(dataDir, 'bench-counts.json'),
        JSON.stringify({ counts, insertSeconds, cases: CASES }),
      );
  }

  // Every query worked out afresh: the bench asks the same URL again and again, which the
  // app's ResponseCache would otherwise answer from memory after the first time.
  app = await startBuiltApp({ RESPONSE_CACHE: 'false' }, { main, dataDir });
  const planInputs = schemaFacts(join(dataDir, 'cases.sqlite'));
  const { token } = await signIn(app.url, 'head@oak.example');
  const list = (query = '') => `${app.url}/api/v1/cases${query}`;
  // The first requests of a fresh process are slow while V8 compiles the code paths.
  for (let i = 0; i < GLOBAL_WARM_UP; i++) await timeGet(list(), token);
  const cursors = [];
  for (let page = 0, cursor = null; page < 5; page++) {
    const { body } = await timeGet(list(cursor ? `?cursor=${cursor}` : ''), token);
    if (!body.nextCursor) throw new Error(`no nextCursor on page ${page + 1}`);
    cursor = body.nextCursor;
    cursors.push(cursor);
  }
  const queries = [
    ['first page (limit 25)', ['']],
    ['status=investigating', ['?status=investigating']],
    ['type=online_abuse', ['?type=online_abuse']],
    ['clause=SM-05', ['?clause=SM-05']],
    ['overdue=true', ['?overdue=true']],
    [`q=${SEARCH_WORD}`, [`?q=${SEARCH_WORD}`]],
    ['q=OAK-2025-01', ['?q=OAK-2025-01']],
    ['next pages 2-6 (cursor)', cursors.map((c) => `?cursor=${c}`)],
    [`q=${ABSENT_WORD} (no match)`, [`?q=${ABSENT_WORD}`]],
  ];
  const results = [];
  for (const [label, queryStrings] of queries) {
    results.push(await measure(label, queryStrings.map(list), token));
  }
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  const summary = {
    benchmark: 'case-list',
    cases: CASES,
    insertSeconds,
    oakCounts: counts,
    ...planInputs,
    targetP95Ms: TARGET_P95_MS,
    results,
    errors,
    meetsTarget: results.every((r) => r.meetsTarget),
  };
  console.log(JSON.stringify(summary));
  printTable([
    ['cases', `${CASES} (OAK ${counts.oak}), inserted in ${insertSeconds.toFixed(1)} s`],
    ['case_record indexes', planInputs.caseRecordIndexes.join(', ')],
    [
      'planner statistics',
      planInputs.caseRecordStatistics ? 'yes (sqlite_stat1)' : 'none (never analysed)',
    ],
    ...results.map((r) => [
      r.query,
      `p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms  (${r.requests} req, ${r.items} items${r.errors ? `, ${r.errors} ERRORS` : ''})  ${r.meetsTarget ? 'meets target' : 'MISSES TARGET'}`,
    ]),
    ['verdict', summary.meetsTarget ? `all p95 < ${TARGET_P95_MS} ms` : 'MISSES TARGET'],
  ]);
  process.exitCode = errors > 0 ? 1 : 0;
} finally {
  await app?.stop();
  if (!args.keep && !args.reuse) rmSync(dataDir, { recursive: true, force: true });
}
