// The case list as a page (/cases) and as the API (/api/v1/cases), with autocannon, against a
// bare node:http server sending the very same bytes (status, content type, body) from memory:
// the floor no app can beat on this machine (target: app at least 0.1 of it).
// Run after a build: node scripts/bench/pages.mjs [--dist dist] [--cases 60]
//   [--seconds 10] [--connections 10] [--response-cache false]
// The app reuses a list's answer while its database is unchanged (ResponseCache), which this
// bench's repeated asks let it do almost always; --response-cache false measures every answer
// worked out afresh.
// --cases is how many reports are filed first (the list shows a page of them).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, printTable, ROOT, signIn, startBuiltApp } from './bench-support.mjs';

const TARGET_RATIO = 0.1;
const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    cases: { type: 'string', default: '60' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'response-cache': { type: 'string', default: 'true' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);

/** A bare server answering every request with one captured response, in a process of its own. */
async function startBare(response) {
  const dir = mkdtempSync(join(tmpdir(), 'pages-bench-'));
  writeFileSync(join(dir, 'body'), response.body);
  const port = await freePort();
  const code = `
    const body = require('node:fs').readFileSync(${JSON.stringify(join(dir, 'body'))});
    require('node:http').createServer((req, res) => {
      res.writeHead(${response.status}, { 'content-type': ${JSON.stringify(response.contentType)}, 'content-length': body.length });
      res.end(body);
    }).listen(${port}, '127.0.0.1', () => process.send?.('up'));`;
  const child = spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((ok) => child.once('message', ok));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function capture(url, headers) {
  const res = await fetch(url, { headers });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

async function load(url, headers, duration) {
  const result = await autocannon({ url, headers, connections, duration });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main() {
  const app = await startBuiltApp(
    { RESPONSE_CACHE: args['response-cache'] },
    { main: join(resolve(ROOT, args.dist), 'src/main.js') },
  );
  try {
    const staff = await signIn(app.url, 'staff@oak.example');
    for (let i = 0; i < Number(args.cases); i++) {
      const res = await fetch(`${app.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff.token}` },
        body: JSON.stringify({
          schoolId: staff.schoolId,
          type: 'online_abuse',
          description: `Benchmark report ${i}: abusive comments posted about a member of staff.`,
          occurredAt: '2026-11-20T18:30:00.000Z',
          subjectRelationship: 'parent',
          platform: 'facebook',
          safeguarding: false,
          confidentialReporter: false,
        }),
      });
      if (res.status !== 201) throw new Error(`filing a report: ${res.status} ${await res.text()}`);
    }
    const head = await signIn(app.url, 'head@oak.example');
    const headers = { authorization: `Bearer ${head.token}` };
    const results = {};
    for (const [name, path] of [
      ['page /cases', '/cases'],
      ['API /api/v1/cases', '/api/v1/cases'],
    ]) {
      const response = await capture(`${app.url}${path}`, headers);
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      const bare = await startBare(response);
      try {
        // Warm both (V8 compiles the hot paths), then measure each in turn.
        await load(`${app.url}${path}`, headers, 2);
        await load(bare.url, headers, 2);
        const appRun = await load(`${app.url}${path}`, headers, seconds);
        const bareRun = await load(bare.url, headers, seconds);
        results[name] = {
          bytes: response.body.length,
          app: appRun,
          bare: bareRun,
          ratio: Math.round((appRun.requestsPerSecond / bareRun.requestsPerSecond) * 1000) / 1000,
        };
      } finally {
        await bare.stop();
      }
    }
    console.log(
      JSON.stringify({
        connections,
        seconds,
        cases: Number(args.cases),
        responseCache: args['response-cache'] !== 'false',
        results,
      }),
    );
    const row = (r) =>
      `${r.requestsPerSecond} req/s, p50 ${r.p50Ms} ms, p90 ${r.p90Ms} ms, p99 ${r.p99Ms} ms, ${r.errors} errors`;
    for (const [name, r] of Object.entries(results)) {
      printTable([
        [name, `${r.bytes} bytes a response, ${connections} connections, ${seconds} s each`],
        ['  app', row(r.app)],
        ['  bare server, same bytes', row(r.bare)],
        [
          '  ratio',
          `${r.ratio} (target >= ${TARGET_RATIO}: ${r.ratio >= TARGET_RATIO ? 'met' : 'MISSED'})`,
        ],
      ]);
    }
  } finally {
    await app.stop();
  }
}

await main();
