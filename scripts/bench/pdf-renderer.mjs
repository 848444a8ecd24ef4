// Benchmarks the PDF renderer against a browser-per-render baseline and a bare page.pdf floor.
//
//   npm run build && node scripts/bench/pdf-renderer.mjs [--renders 40] [--naive 10]
//       [--floor 20] [--soak 500] [--recycle N] [--dist dist] [--chromium /usr/bin/chromium]
//
// --dist (or PDF_BENCH_DIST) points at another build, e.g. `npx tsc -p tsconfig.json --outDir
// /tmp/docbuild`; that folder then needs {"type":"module"} in a package.json and a
// node_modules link to the repo's, so its imports resolve.
// --soak N renders N more jobs and samples the Chromium tree's memory every 50; the browser is
// not recycled during the soak (unless --recycle is given) so growth would show.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.PDF_BENCH_DIST ?? 'dist' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    renders: { type: 'string', default: '40' },
    naive: { type: 'string', default: '10' },
    floor: { type: 'string', default: '20' },
    soak: { type: 'string', default: '0' },
    recycle: { type: 'string' },
  },
});
const distRoot = resolve(repoRoot, args.dist);
const platformDir = join(distRoot, 'src/platform');
const load = (file) => import(pathToFileURL(join(platformDir, file)).href);
const { PdfRenderer } = await load('pdf/pdf-renderer.js');
const { CHROMIUM_ARGS } = await load('pdf/browser-session.js');
const { pdfOptions } = await load('pdf/isolated-page.js');

// Quiet Nest's logger: the bench prints its own report.
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(false);

// ---------- fixture: a case file with five 800x500 screenshots ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const pngChunk = (type, data) => {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(typed.length + 8);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), typed.length + 4);
  return out;
};

/** A screenshot-like PNG: a gradient with noisy "text" bands, no image library. */
function screenshotPng(width, height, seed) {
  let state = seed * 2654435761;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) & 0xff;
  };
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const textBand = y % 24 >= 6 && y % 24 < 16;
    for (let x = 0; x < width; x++) {
      const at = y * stride + 1 + x * 3;
      const noise = textBand && x > 40 && x < width - 120 ? random() >> 1 : 0;
      raw[at] = ((x * 200) / width + seed * 30 - noise) & 0xff;
      raw[at + 1] = ((y * 200) / height + 30 - noise) & 0xff;
      raw[at + 2] = (180 - noise) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const assets = [1, 2, 3, 4, 5].map((n) => ({
  url: `https://case-assets.invalid/evidence-${n}`,
  contentType: 'image/png',
  body: screenshotPng(800, 500, n),
}));
// The real templates, rendered by the app's own compile-once renderer, so the bench measures the
// document HR actually downloads: the HR case file of a case with 5 screenshots of 800x500.
const { TemplateRenderer } = await load('templates/template-renderer.js');
const { findTemplatesRoot } = await load('templates/templates-root.js');
const templates = new TemplateRenderer(findTemplatesRoot(platformDir));
const when = '21 Nov 2026, 09:30';
const paragraph =
  'The member of staff posted a comment about the school on a public social media account. ' +
  'The headteacher was told by a parent and opened a case the same morning. ';
const hrModel = {
  reference: 'OAK-2026-0042',
  schoolName: 'Oak Primary School',
  statusLabel: 'Outcome recorded',
  indecentImages: false,
  typeLabel: 'Breach of the social-media policy',
  occurredAt: when,
  reportedAt: when,
  platform: 'facebook',
  postUrl: 'https://www.facebook.com/example/posts/1',
  safeguarding: 'No',
  policyVersion: 'Version 1',
  classificationLabel: 'Conduct breach',
  dueAt: 'No deadline running',
  clauses: [{ code: 'SM-05', title: 'Derogatory or threatening comments about the school' }],
  description: paragraph.repeat(6),
  subjectName: 'Tom Reed',
  subjectRelationship: 'staff',
  reporterName: 'Priya Shah',
  confidentialReporter: true,
  ownerName: 'Helen Carter',
  ownerRoleLabel: 'headteacher',
  outcome: {
    finding: 'Substantiated',
    sanction: 'First written warning',
    decidedAt: when,
    appeal: 'No appeal',
    rationale: paragraph.repeat(2),
    governorSummary:
      'A member of staff posted about the school; a first written warning was given.',
  },
  hrAdvice: [{ at: when, by: 'Rachel Price', text: paragraph.repeat(2) }],
  referrals: [{ agency: 'LADO', reference: 'LADO-77', referredAt: when, recordedAt: when }],
  timeline: Array.from({ length: 40 }, (_, i) => ({
    at: when,
    by: 'Helen Carter',
    what: `Note ${i + 1}`,
    note: 'Spoke to the reporter.',
  })),
  evidence: assets.map((asset, i) => ({
    number: i + 1,
    mimeType: 'image/png',
    size: `${asset.body.length} bytes`,
    sha256: createHash('sha256').update(asset.body).digest('hex'),
    capturedAt: when,
    receivedAt: when,
    platform: 'facebook',
    postUrl: 'https://www.facebook.com/example/posts/1',
    addedBy: 'Priya Shah',
    imageUrl: asset.url,
  })),
  custody: assets.map((_, i) => ({
    item: `Item ${i + 1}`,
    at: when,
    by: 'Priya Shah',
    what: 'Added',
  })),
};
const governorsModel = {
  reference: 'OAK-2026-0042',
  schoolName: 'Oak Primary School',
  subjectDescription: 'A member of staff',
  typeLabel: 'Breach of the social-media policy',
  classificationLabel: 'Conduct breach',
  reportedAt: '21 Nov 2026',
  decidedAt: '21 Nov 2026',
  closedAt: '—',
  statusLabel: 'Outcome recorded',
  clauses: hrModel.clauses,
  finding: 'Substantiated',
  sanction: 'First written warning',
  appeal: 'No appeal',
  referrals: [{ agency: 'LADO', referredAt: '21 Nov 2026' }],
  stages: ['Reported', 'Investigating', 'HR advice', 'Outcome recorded'].map((stage) => ({
    stage,
    enteredAt: '21 Nov 2026',
    days: '1.0',
  })),
  governorSummary: hrModel.outcome.governorSummary,
};
const page = { reference: 'OAK-2026-0042', generatedAt: when, generatedBy: 'Rachel Price' };
const evidenceJob = {
  html: templates.render('pdf/hr-case-file', hrModel),
  assets,
  headerHtml: templates.render('pdf/page-header', { ...page, variantLabel: 'HR case file' }),
  footerHtml: templates.render('pdf/page-footer', page),
};
// The governors' summary has no images: there the browser's fixed costs dominate.
const textJob = {
  html: templates.render('pdf/governors-summary', governorsModel),
  assets: [],
  headerHtml: templates.render('pdf/page-header', { ...page, variantLabel: "Governors' summary" }),
  footerHtml: templates.render('pdf/page-footer', page),
};

// ---------- helpers ----------

const percentile = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (ms) => Math.round(ms * 10) / 10;
const summary = (samples) => ({
  n: samples.length,
  p50: round(percentile(samples, 50)),
  p95: round(percentile(samples, 95)),
});
/** Durations of count sequential calls; fn may return its own measured duration instead. */
async function timed(count, fn) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const own = await fn(i);
    samples.push(typeof own === 'number' ? own : performance.now() - started);
  }
  return samples;
}

async function launchBare() {
  const profileDir = mkdtempSync(join(tmpdir(), 'pdf-bench-profile-'));
  const browser = await puppeteer.launch({
    executablePath: args.chromium,
    headless: 'shell',
    pipe: true,
    userDataDir: profileDir,
    args: [...CHROMIUM_ARGS],
    defaultViewport: null,
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

async function preparePage(browser, job) {
  const byUrl = new Map(job.assets.map((asset) => [asset.url, asset]));
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const asset = byUrl.get(request.url());
    if (asset)
      void request.respond({ status: 200, contentType: asset.contentType, body: asset.body });
    else void request.abort('blockedbyclient');
  });
  await page.setContent(job.html, { waitUntil: 'load' });
  return page;
}

/** RSS and PSS (kB) summed over a process and all its descendants. */
function treeMemory(rootPid) {
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
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  let rssKb = 0;
  let pssKb = 0;
  for (const pid of tree) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rssKb += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pssKb += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // exited while we looked
    }
  }
  return {
    processes: tree.length,
    rssMb: Math.round(rssKb / 1024),
    pssMb: Math.round(pssKb / 1024),
  };
}

// ---------- measurements ----------

const renders = Number(args.renders);
const soak = Number(args.soak);

async function measure(job) {
  const warmRenderer = new PdfRenderer({ executablePath: args.chromium });
  const first = await warmRenderer.render(job); // includes the launch: not counted
  const warm = await timed(renders, () => warmRenderer.render(job));
  // Jobs that arrive apart, as requests do, find a context the renderer opened while idle.
  const sporadic = await timed(Math.ceil(renders / 2), async (i) => {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const started = performance.now();
    await warmRenderer.render(job);
    return performance.now() - started;
  });
  await warmRenderer.close();

  const naive = await timed(Number(args.naive), async () => {
    const { browser, close } = await launchBare();
    const page = await preparePage(browser, job);
    await page.pdf(pdfOptions(job));
    await close();
  });

  const floorBrowser = await launchBare();
  const floorPage = await preparePage(floorBrowser.browser, job);
  await floorPage.pdf(pdfOptions(job));
  const floor = await timed(Number(args.floor), () => floorPage.pdf(pdfOptions(job)));
  // The same HTML loaded and printed in one reused page: the job without per-job isolation
  // (no fresh context, page or renderer process). warm/this is what isolation costs.
  const loadedFloor = await timed(Number(args.floor), async () => {
    await floorPage.setContent(job.html, { waitUntil: 'load' });
    await floorPage.pdf(pdfOptions(job));
  });
  await floorBrowser.close();

  const p50 = (samples) => percentile(samples, 50);
  return {
    pdfBytes: first.length,
    warm: summary(warm),
    warmSporadic: summary(sporadic),
    naive: summary(naive),
    floor: summary(floor),
    loadedFloor: summary(loadedFloor),
    ratios: {
      warmOverLoadedFloor: round(p50(warm) / p50(loadedFloor)),
      naiveOverWarm: round(p50(naive) / p50(warm)),
      warmOverFloor: round(p50(warm) / p50(floor)),
      warmSporadicOverFloor: round(p50(sporadic) / p50(floor)),
    },
  };
}

async function soakTest(job) {
  const soaker = new PdfRenderer({
    executablePath: args.chromium,
    maxRendersPerBrowser: args.recycle ? Number(args.recycle) : soak + 1,
  });
  await soaker.render(job);
  const samples = [{ renders: 0, pid: soaker.stats.pid, ...treeMemory(soaker.stats.pid) }];
  const times = await timed(soak, async (i) => {
    await soaker.render(job);
    if ((i + 1) % 50 === 0) {
      samples.push({ renders: i + 1, pid: soaker.stats.pid, ...treeMemory(soaker.stats.pid) });
    }
  });
  const report = {
    renders: soak,
    timing: summary(times),
    launches: soaker.stats.launches,
    samples,
  };
  await soaker.close();
  return report;
}

const report = {
  chromium: args.chromium,
  targets: { naiveOverWarm: '>= 4', warmOverFloor: '<= 1.3' },
  evidence: { pngBytes: assets.map((asset) => asset.body.length), ...(await measure(evidenceJob)) },
  text: await measure(textJob),
  soak: soak > 0 ? await soakTest(evidenceJob) : undefined,
};
console.log(JSON.stringify(report, null, 2));

const cell = (value, width) => String(value).padStart(width);
for (const fixture of ['evidence', 'text']) {
  const r = report[fixture];
  console.log(
    `\n${fixture === 'evidence' ? 'HR case file with 5 screenshots' : "Governors' summary (text only)"} (${r.pdfBytes} bytes)`,
  );
  console.log('| path                          |  p50 ms |  p95 ms |  n |');
  console.log('|-------------------------------|---------|---------|----|');
  for (const [label, s] of [
    ['warm renderer, back to back', r.warm],
    ['warm, jobs 250 ms apart', r.warmSporadic],
    ['browser per render (naive)', r.naive],
    ['bare page.pdf (floor)', r.floor],
    ['setContent + page.pdf, reused', r.loadedFloor],
  ]) {
    console.log(
      `| ${label.padEnd(29)} | ${cell(s.p50, 7)} | ${cell(s.p95, 7)} | ${cell(s.n, 2)} |`,
    );
  }
  console.log(
    `naive/warm ${r.ratios.naiveOverWarm} (target >= 4), warm/floor ${r.ratios.warmOverFloor} ` +
      `(target <= 1.3), apart/floor ${r.ratios.warmSporadicOverFloor}, ` +
      `warm/(setContent+pdf) ${r.ratios.warmOverLoadedFloor}`,
  );
}
if (report.soak) {
  console.log(`\nSoak: ${report.soak.renders} renders, p50 ${report.soak.timing.p50} ms`);
  console.log('| renders | pid     | processes | RSS MB | PSS MB |');
  console.log('|---------|---------|-----------|--------|--------|');
  for (const s of report.soak.samples) {
    console.log(
      `| ${cell(s.renders, 7)} | ${cell(s.pid, 7)} | ${cell(s.processes, 9)} | ${cell(s.rssMb, 6)} | ${cell(s.pssMb, 6)} |`,
    );
  }
}
