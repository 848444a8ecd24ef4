// npm run bench:soak (scripts/bench/soak.sh starts a throwaway PostgreSQL and moto_server and
// runs this): three app processes on one PostgreSQL database and one S3 bucket, mail to an SMTP
// sink, a load generator filing reports with screenshots and moving cases, one process killed
// with SIGKILL mid-run and started again. Bounded: SOAK_SECONDS of load (default 90), then at
// most 3 minutes for the mail to drain. Prints reports per second, p95 latency and the checks.
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  noisyPng,
  percentile,
  printTable,
  reportForm,
  signIn,
  startBuiltApp,
} from './bench-support.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 90);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 6);
const adminUrl = process.env.TEST_DATABASE_URL;
const s3Endpoint = process.env.TEST_S3_ENDPOINT;
if (!adminUrl || !s3Endpoint) {
  console.error('needs TEST_DATABASE_URL and TEST_S3_ENDPOINT: run it as `npm run bench:soak`');
  process.exit(2);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One database and one bucket for all three instances.
const dbName = `soak_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const s3 = new S3Client({
  region: 'eu-west-2',
  endpoint: s3Endpoint,
  forcePathStyle: true,
  credentials: { accessKeyId: 'soak', secretAccessKey: 'soak-secret' },
});
const bucket = `soak-${Date.now()}`;
await s3.send(
  new CreateBucketCommand({
    Bucket: bucket,
    CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' },
  }),
);

// The mail server: every message it accepts, by Message-ID.
const received = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push(/^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? '(none)');
      callback();
    });
  },
});
// The killed instance's connections are reset mid-conversation; that is the test, not a fault
// of the sink, whose unhandled 'error' would end the whole run.
smtp.on('error', (error) => {
  if (error.code !== 'ECONNRESET') throw error;
});
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));

const env = {
  DATABASE_URL: databaseUrl,
  EVIDENCE_STORE: `s3://${bucket}/evidence`,
  AWS_ENDPOINT_URL: s3Endpoint,
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'soak',
  AWS_SECRET_ACCESS_KEY: 'soak-secret',
  SMTP_URL: `smtp://127.0.0.1:${smtp.server.address().port}`,
  PUBLIC_URL: 'https://cases.example.org',
};

// The first instance migrates and seeds; the other two join it.
const apps = [await startBuiltApp(env)];
apps.push(...(await Promise.all([startBuiltApp(env), startBuiltApp(env)])));
const staff = await signIn(apps[0].url, 'staff@oak.example');
const head = await signIn(apps[0].url, 'head@oak.example');

const acknowledged = []; // { id, reference, sha }
const latencies = [];
let moved = 0;
let cut = 0; // requests the kill cut off: they may or may not have committed
let refused = 0;
let seed = 1;
const killAt = Date.now() + (SECONDS * 1000) / 2;
const endAt = Date.now() + SECONDS * 1000;
let killed = null;

async function fileOne(app) {
  const shot = noisyPng(240, 120 + (seed % 60), seed++);
  const started = performance.now();
  let res;
  try {
    res = await fetch(`${app.url}/api/v1/reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${staff.token}` },
      body: reportForm(staff.schoolId, [shot]),
    });
  } catch {
    cut++;
    return null;
  }
  const body = await res.json().catch(() => ({}));
  if (res.status !== 201) {
    refused++;
    return null;
  }
  latencies.push(performance.now() - started);
  acknowledged.push({ id: body.id, reference: body.reference, sha: sha256(shot) });
  return body;
}

async function moveOne(app, c) {
  try {
    const res = await fetch(`${app.url}/api/v1/cases/${c.id}/transitions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${head.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'investigating',
        version: c.version,
        classification: 'online_abuse',
        note: 'Looking into it',
      }),
    });
    if (res.status === 200) moved++;
  } catch {
    cut++;
  }
}

async function loader(n) {
  for (let i = n; Date.now() < endAt; i++) {
    const app = apps[i % apps.length];
    const filed = await fileOne(app);
    if (filed && i % 3 === 0) await moveOne(apps[(i + 1) % apps.length], filed);
  }
}

async function killer() {
  await sleep(killAt - Date.now());
  const victim = apps[1];
  killed = { at: new Date().toISOString(), pid: victim.pid };
  process.kill(victim.pid, 'SIGKILL');
  await sleep(3000);
  apps[1] = await startBuiltApp(env, { dataDir: victim.dataDir });
  killed.restartedAfterMs = Date.now() - Date.parse(killed.at);
}

const loadStarted = Date.now();
await Promise.all([killer(), ...Array.from({ length: CONCURRENCY }, (_, n) => loader(n))]);
const loadSeconds = (Date.now() - loadStarted) / 1000;

// Mail drains after the load: wait until every notice is marked mailed, at most 3 minutes
// (a job cut off by the kill is taken back when its expiry passes).
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const drainDeadline = Date.now() + 180_000;
let unmailed;
for (;;) {
  unmailed = Number(
    (await db.query('SELECT COUNT(*) AS n FROM notification WHERE "mailedAt" IS NULL')).rows[0].n,
  );
  if (unmailed === 0 || Date.now() > drainDeadline) break;
  await sleep(1000);
}
await sleep(1000); // anything in flight lands in the sink

// The checks.
const ids = acknowledged.map((a) => a.id);
const found = new Set(
  (await db.query('SELECT id FROM case_record WHERE id = ANY($1)', [ids])).rows.map((r) => r.id),
);
const lostReports = ids.filter((id) => !found.has(id)).length;
const notices = (await db.query('SELECT id FROM notification')).rows.map((r) => r.id);
const byMessageId = new Map();
for (const m of received) byMessageId.set(m, (byMessageId.get(m) ?? 0) + 1);
const expected = notices.map((id) => `<notice-${id}@cases.example.org>`);
const mailLost = expected.filter((m) => !byMessageId.has(m)).length;
const mailTwice = [...byMessageId.values()].filter((n) => n > 1).length;
const mailUnknown = [...byMessageId.keys()].filter((m) => !expected.includes(m)).length;

// Print renditions are stored beside the originals under their own hash, with rows of their
// own, and their jobs may still be running while the bucket is read (it takes a while: every
// object is fetched and hashed). So the rows are read twice: those written before the listing
// began must each have an object (a row is written only once its object is stored), and an
// object is an orphan only if no row names it even after the listing.
const referencedHashes = async () => [
  ...(await db.query('SELECT DISTINCT sha256 FROM evidence_item')).rows.map((r) => r.sha256),
  ...(await db.query('SELECT sha256 FROM evidence_rendition')).rows.map((r) => r.sha256),
];
const rowsBeforeListing = await referencedHashes();
let objects = 0;
let badObjects = 0;
const stored = new Set();
let token;
do {
  const page = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: 'evidence/', ContinuationToken: token }),
  );
  for (const o of page.Contents ?? []) {
    const name = o.Key.split('/').pop();
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
    const bytes = Buffer.from(await got.Body.transformToByteArray());
    objects++;
    if (sha256(bytes) !== name) badObjects++;
    stored.add(name);
  }
  token = page.NextContinuationToken;
} while (token);
const rowsWithoutObject = rowsBeforeListing.filter((s) => !stored.has(s)).length;
const referenced = new Set(await referencedHashes());
const orphanObjects = [...stored].filter((s) => !referenced.has(s)).length;
const wrongEvidence = acknowledged.length
  ? Number(
      (
        await db.query(
          `SELECT COUNT(*) AS n FROM evidence_item e JOIN unnest($1::text[], $2::text[]) AS a(id, sha)
           ON e."caseId" = a.id WHERE e.sha256 <> a.sha`,
          [ids, acknowledged.map((a) => a.sha)],
        )
      ).rows[0].n,
    )
  : 0;
const audit = await (
  await fetch(`${apps[2].url}/api/v1/audit/verify`, {
    headers: { Authorization: `Bearer ${head.token}` },
  })
).json();
await db.end();

const checks = {
  noReportLost: lostReports === 0 && wrongEvidence === 0,
  noMailLost: mailLost === 0 && unmailed === 0,
  noMailSentTwice: mailTwice === 0 && mailUnknown === 0,
  everyObjectHashMatches: badObjects === 0 && rowsWithoutObject === 0,
  auditChainVerifies: audit.ok === true,
};
const result = {
  seconds: Math.round(loadSeconds),
  instances: 3,
  concurrency: CONCURRENCY,
  reportsAcknowledged: acknowledged.length,
  reportsPerSecond: Number((acknowledged.length / loadSeconds).toFixed(1)),
  p50Ms: Math.round(percentile(latencies, 50)),
  p95Ms: Math.round(percentile(latencies, 95)),
  casesMoved: moved,
  requestsCutByKill: cut,
  requestsRefused: refused,
  killed,
  mails: received.length,
  notices: notices.length,
  objects,
  orphanObjects,
  auditEntries: audit.entries,
  checks,
};
console.log(JSON.stringify(result));
printTable([
  ['load', `${result.seconds} s, 3 instances, ${CONCURRENCY} concurrent clients`],
  ['reports acknowledged', `${result.reportsAcknowledged} (${result.reportsPerSecond}/s)`],
  ['latency', `p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms`],
  ['cases moved', String(moved)],
  [
    'kill',
    `SIGKILL at ${killed?.at}, back after ${killed?.restartedAfterMs} ms; ${cut} requests cut`,
  ],
  ['mail', `${received.length} received for ${notices.length} notices`],
  ['objects', `${objects} in the bucket (${orphanObjects} from reports the kill cut off)`],
  ...Object.entries(checks).map(([k, v]) => [k, v ? 'held' : 'FAILED']),
]);

for (const app of apps) await app.stop();
smtp.close();
const cleanup = new pg.Client({ connectionString: adminUrl });
await cleanup.connect();
await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await cleanup.end();
s3.destroy();
process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
