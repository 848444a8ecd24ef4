// Cold start: from spawning the built app to its first ok from /api/v1/health, on a data dir
// it has already migrated and seeded (a restart, not a first install), against a bare
// node:http server answering the same path (target: under 1.5 s). Also checks that Chromium is
// launched lazily: no Chromium process may be running when the app first says it is healthy.
// Run after a build: node scripts/bench/cold-start.mjs [--dist dist] [--runs 5]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, percentile, printTable, ROOT } from './bench-support.mjs';

const TARGET_MS = 1500;
const POLL_MS = 5;
const { values: args } = parseArgs({
  options: { dist: { type: 'string', default: 'dist' }, runs: { type: 'string', default: '5' } },
});
const main = join(resolve(ROOT, args.dist), 'src/main.js');

/** Every descendant of `root` (Linux /proc), with its command line. */
function descendants(root) {
  if (!existsSync('/proc')) return [];
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree.slice(1).map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      return '';
    }
  });
}

/** Spawns `argv` and times it to the first 200 from /api/v1/health. */
async function timeToHealthy(argv, env) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited`);
      if (performance.now() - started > 60_000) throw new Error('not healthy within 60 s');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const ms = performance.now() - started;
    // CPU the process used to get there: steadier than the wall clock on a shared machine.
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
    const chromium = descendants(child.pid).filter((cmd) => /chrom/i.test(cmd)).length;
    return { ms, cpuMs, chromium };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
}

const BARE = `require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
}).listen(Number(process.env.PORT), '127.0.0.1');`;

const runs = Number(args.runs);
const app = [];
const appCpu = [];
const bare = [];
const bareCpu = [];
let chromiumAtHealthy = 0;
const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
try {
  // A first start migrates and seeds the data dir, untimed; the timed runs restart on it.
  await timeToHealthy([main], { DATA_DIR: dir });
  for (let i = 0; i < runs; i++) {
    const a = await timeToHealthy([main], { DATA_DIR: dir });
    app.push(a.ms);
    appCpu.push(a.cpuMs);
    chromiumAtHealthy += a.chromium;
    const b = await timeToHealthy(['-e', BARE], {});
    bare.push(b.ms);
    bareCpu.push(b.cpuMs);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => Math.round(percentile(xs, 50));
const result = {
  runs,
  appMs: app.map(Math.round),
  bareMs: bare.map(Math.round),
  appMedianMs: median(app),
  bareMedianMs: median(bare),
  ratio: Math.round((median(app) / median(bare)) * 10) / 10,
  appCpuMedianMs: median(appCpu),
  bareCpuMedianMs: median(bareCpu),
  chromiumProcessesAtHealthy: chromiumAtHealthy,
};
console.log(JSON.stringify(result));
printTable([
  ['cold start to healthy (app)', `median ${result.appMedianMs} ms (${result.appMs.join(', ')})`],
  ['bare node:http server', `median ${result.bareMedianMs} ms (${result.bareMs.join(', ')})`],
  ['app / bare', `${result.ratio}x`],
  [
    'CPU to healthy (user + system)',
    `app median ${result.appCpuMedianMs} ms, bare ${result.bareCpuMedianMs} ms`,
  ],
  ['target', `under ${TARGET_MS} ms: ${result.appMedianMs < TARGET_MS ? 'met' : 'MISSED'}`],
  [
    'Chromium launched lazily',
    chromiumAtHealthy === 0
      ? 'yes: no Chromium process at healthy'
      : `NO: ${chromiumAtHealthy} Chromium processes at healthy`,
  ],
]);
