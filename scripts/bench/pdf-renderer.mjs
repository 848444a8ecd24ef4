// Benchmarks the PDF renderer against a browser-per-render baseline and a bare page.pdf floor.
//
//   npm run build && node scripts/bench/pdf-renderer.mjs [--renders 40] [--naive 10]
//       [--floor 20] [--rounds 4] [--soak 500] [--recycle N] [--dist dist] [--chromium /usr/bin/chromium]
//       [--screenshots 10,50,100] [--only-screenshots]
//
// --dist (or PDF_BENCH_DIST) points at another build, e.g. `npx tsc -p tsconfig.json --outDir
// /tmp/docbuild`; that folder then needs {"type":"module"} in a package.json and a
// node_modules link to the repo's, so its imports resolve.
// --rounds N measures the warm renderer and the bare page.pdf floor in N alternating rounds
// (--renders and --floor are the totals), so a change in the machine's load mid-run does not
// land on one side of their ratio only.
// --soak N renders N more jobs and samples the Chromium tree's memory every 50; the browser is
// not recycled during the soak (unless --recycle is given) so growth would show.
// --screenshots N,M,... renders the HR case file with N (then M, ...) phone screenshots
// (1170x2532 PNG, rows of text), once with the originals embedded and once with their print
// renditions (as the app embeds them once the rendition job has run), printing the time, the
// PDF's size and pages, and the peak memory of the Chromium process tree during the render.
// --only-screenshots skips the other measurements.
// --asset-memory N renders the HR file with N print renditions read from files, once read into
// memory before the render (as the app did until issue 20) and once through each asset's
// load() when Chromium asks (as it does now), printing this process's peak RSS and Buffer
// memory above what it held before. Run with node --expose-gc for steadier baselines.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
    rounds: { type: 'string', default: '4' },
    soak: { type: 'string', default: '0' },
    recycle: { type: 'string' },
    screenshots: { type: 'string', default: '' },
    'only-screenshots': { type: 'boolean', default: false },
    'asset-memory': { type: 'string', default: '0' },
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
const { words } = await load('i18n/words.js');
const templates = new TemplateRenderer(findTemplatesRoot(platformDir), (key, lang, args) =>
  words.t(key, lang, args),
);
// The document in English, as the app renders it for an English reader.
const inEnglish = { lang: 'en', htmlLang: 'en-GB' };
const when = '21 Nov 2026, 09:30';
const paragraph =
  'The member of staff posted a comment about the school on a public social media account. ' +
  'The headteacher was told by a parent and opened a case the same morning. ';
const hrModel = {
  ...inEnglish,
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
  subjectAcknowledgement: 'Acknowledged on 1 Sept 2026, 08:30',
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
  trackLabel: 'Conduct',
  hearing: null,
  allegation: null,
  closing: null,
  resignedAt: null,
  actions: [],
  support: [],
  missedDeadlines: [],
  outcome: {
    finding: 'Substantiated',
    sanction: 'First written warning',
    decidedAt: when,
    appeal: 'No appeal',
    response: null,
    actionsTaken: null,
    showsFinding: true,
    isConcern: false,
    isActions: false,
    sanctionHistory: [],
    warningExpiresAt: null,
    letterSentAt: 'Not yet sent',
    appealLodgedAt: null,
    appealGrounds: null,
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
    dimensions: '800 × 500 pixels',
    printedAs: 'The original, at full size',
  })),
  custody: assets.map((_, i) => ({
    item: `Item ${i + 1}`,
    at: when,
    by: 'Priya Shah',
    what: 'Added',
  })),
};
const governorsModel = {
  ...inEnglish,
  reference: 'OAK-2026-0042',
  schoolName: 'Oak Primary School',
  subjectDescription: 'A member of staff',
  trackLabel: 'Conduct',
  response: null,
  actionsTaken: null,
  showsFinding: true,
  isConcern: false,
  isActions: false,
  sanctionHistory: [],
  missedDeadlines: [],
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
const page = {
  ...inEnglish,
  reference: 'OAK-2026-0042',
  generatedAt: when,
  generatedBy: 'Rachel Price',
};
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

/** n split into `parts` near-equal whole counts. */
const split = (n, parts) =>
  Array.from({ length: parts }, (_, i) => Math.floor((n * (i + 1)) / parts - (n * i) / parts));

async function measure(job) {
  // The renderer and the floor are measured in alternating rounds, so a machine whose load
  // changes during the run (it is shared) weighs on both sides of the ratio alike.
  const rounds = Math.max(1, Number(args.rounds));
  const floorBrowser = await launchBare();
  const floorPage = await preparePage(floorBrowser.browser, job);
  await floorPage.pdf(pdfOptions(job));
  const warmRenderer = new PdfRenderer({ executablePath: args.chromium });
  const first = await warmRenderer.render(job); // includes the launch: not counted
  const warm = [];
  const sporadic = [];
  const floor = [];
  const loadedFloor = [];
  const warmBlocks = split(renders, rounds);
  const sporadicBlocks = split(Math.ceil(renders / 2), rounds);
  const floorBlocks = split(Number(args.floor), rounds);
  for (let round = 0; round < rounds; round++) {
    // Back to back: the first, uncounted, follows the floor's round as any first job would.
    await warmRenderer.render(job);
    warm.push(...(await timed(warmBlocks[round], () => warmRenderer.render(job))));
    // Jobs that arrive apart, as requests do, find a context the renderer opened while idle.
    sporadic.push(
      ...(await timed(sporadicBlocks[round], async () => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const started = performance.now();
        await warmRenderer.render(job);
        return performance.now() - started;
      })),
    );
    floor.push(...(await timed(floorBlocks[round], () => floorPage.pdf(pdfOptions(job)))));
    // The same HTML loaded and printed in one reused page: the job without per-job isolation
    // (no fresh context, page or renderer process). warm/this is what isolation costs.
    loadedFloor.push(
      ...(await timed(floorBlocks[round], async () => {
        await floorPage.setContent(job.html, { waitUntil: 'load' });
        await floorPage.pdf(pdfOptions(job));
      })),
    );
  }
  await warmRenderer.close();
  await floorBrowser.close();

  const naive = await timed(Number(args.naive), async () => {
    const { browser, close } = await launchBare();
    const page = await preparePage(browser, job);
    await page.pdf(pdfOptions(job));
    await close();
  });

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

// ---------- the HR file with a pile of phone screenshots ----------

/** `count` different 1170x2532 PNG screenshots: lines of text, a coloured block, ~700 KB each. */
async function phoneScreenshots(count) {
  const { default: sharp } = await import('sharp');
  const shots = [];
  for (let i = 0; i < count; i++) {
    let lines = '';
    for (let y = 120; y < 2490; y += 56) {
      lines += `<text x="${40 + (y % 3) * 20}" y="${y}" font-family="sans-serif" font-size="40" fill="#222">Post ${y + i}: you are a disgrace to this school, everyone knows #${y * 7 + i}</text>`;
    }
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="1170" height="2532">' +
      `<rect width="100%" height="100%" fill="#fff"/><rect x="40" y="${700 + i}" width="1090" height="600" fill="#39c"/>${lines}</svg>`;
    shots.push(await sharp(Buffer.from(svg)).png().toBuffer());
  }
  return shots;
}

async function measurePile(count, shots, renditions) {
  const job = (embedded) => {
    const pileAssets = embedded.map((e, i) => ({
      url: `https://case-assets.invalid/shot-${i}`,
      contentType: e.contentType,
      body: e.body,
    }));
    return {
      html: templates.render('pdf/hr-case-file', {
        ...hrModel,
        evidence: shots.map((shot, i) => ({
          ...hrModel.evidence[0],
          number: i + 1,
          size: `${shot.length} bytes`,
          sha256: createHash('sha256').update(shot).digest('hex'),
          imageUrl: pileAssets[i].url,
          dimensions: '1170 × 2532 pixels',
          printedAs: embedded[i].printedAs,
        })),
      }),
      assets: pileAssets,
      headerHtml: evidenceJob.headerHtml,
      footerHtml: evidenceJob.footerHtml,
    };
  };
  const result = {};
  for (const [label, embedded] of [
    [
      'originals',
      shots.map((body) => ({
        contentType: 'image/png',
        body,
        printedAs: 'The original, at full size',
      })),
    ],
    [
      'renditions',
      renditions.map((r) => ({
        contentType: r.contentType,
        body: r.bytes,
        printedAs: `Print copy, ${r.width} × ${r.height} pixels, made from the original`,
      })),
    ],
  ]) {
    const pile = new PdfRenderer({ executablePath: args.chromium, timeoutMs: 600_000 });
    await pile.render({ html: '<p>warm up</p>' });
    const pid = pile.stats.pid;
    let peak = treeMemory(pid);
    const sampler = setInterval(() => {
      const now = treeMemory(pid);
      // PSS shares out memory the processes share, so the tree's sum is what it really holds.
      if (now.pssMb > peak.pssMb) peak = now;
    }, 100);
    const started = performance.now();
    let pdf;
    let error;
    try {
      pdf = await pile.render(job(embedded.slice(0, count)));
    } catch (e) {
      error = e.code ?? e.message;
    }
    const ms = Math.round(performance.now() - started);
    clearInterval(sampler);
    await pile.close();
    result[label] = {
      ms,
      error,
      pdfMb: pdf ? Math.round((pdf.length / 1024 / 1024) * 10) / 10 : undefined,
      pages: pdf ? (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length : undefined,
      peakRssMb: peak.rssMb,
      peakPssMb: peak.pssMb,
      peakProcesses: peak.processes,
    };
  }
  return { screenshots: count, ...result };
}

async function pileReport() {
  const counts = args.screenshots
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  if (counts.length === 0) return undefined;
  const { makePrintRendition } = await load('images/print-rendition.js');
  const shots = await phoneScreenshots(Math.max(...counts));
  const madeAt = performance.now();
  const renditions = [];
  for (const shot of shots) renditions.push(await makePrintRendition(shot));
  const renditionMs = Math.round((performance.now() - madeAt) / shots.length);
  const runs = [];
  for (const count of counts)
    runs.push(await measurePile(count, shots.slice(0, count), renditions));
  return {
    originalKb: Math.round(shots.reduce((a, s) => a + s.length, 0) / shots.length / 1024),
    renditionKb: Math.round(
      renditions.reduce((a, r) => a + r.bytes.length, 0) / renditions.length / 1024,
    ),
    renditionMsEach: renditionMs,
    runs,
  };
}

/**
 * The app's own memory for the images of one HR file: all read before the render and held to
 * its end, against read by load() when Chromium asks (four at a time) and dropped once sent.
 */
async function assetMemory(count) {
  if (!(count > 0)) return undefined;
  const { makePrintRendition } = await load('images/print-rendition.js');
  const dir = mkdtempSync(join(tmpdir(), 'pdf-bench-assets-'));
  const files = [];
  for (const [i, shot] of (await phoneScreenshots(count)).entries()) {
    const r = await makePrintRendition(shot);
    const file = join(dir, `r${i}.jpg`);
    writeFileSync(file, r.bytes);
    files.push({ file, contentType: r.contentType });
  }
  const html = templates.render('pdf/hr-case-file', {
    ...hrModel,
    evidence: files.map((_, i) => ({
      ...hrModel.evidence[0],
      number: i + 1,
      imageUrl: `https://case-assets.invalid/shot-${i}`,
    })),
  });
  const result = {};
  for (const mode of ['held', 'loaded']) {
    const pdfs = new PdfRenderer({ executablePath: args.chromium, timeoutMs: 600_000 });
    await pdfs.render({ html: '<p>warm up</p>' });
    globalThis.gc?.();
    const base = process.memoryUsage();
    let peak = { rss: base.rss, arrayBuffers: base.arrayBuffers };
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = {
        rss: Math.max(peak.rss, now.rss),
        arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers),
      };
    }, 20);
    const started = performance.now();
    const assets =
      mode === 'held'
        ? await Promise.all(
            files.map(async (f, i) => ({
              url: `https://case-assets.invalid/shot-${i}`,
              contentType: f.contentType,
              body: await readFile(f.file),
            })),
          )
        : files.map((f, i) => ({
            url: `https://case-assets.invalid/shot-${i}`,
            contentType: f.contentType,
            load: () => readFile(f.file),
          }));
    await pdfs.render({
      html,
      assets,
      headerHtml: evidenceJob.headerHtml,
      footerHtml: evidenceJob.footerHtml,
    });
    const ms = Math.round(performance.now() - started);
    clearInterval(sampler);
    await pdfs.close();
    const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    result[mode] = {
      ms,
      peakRssAboveMib: mib(peak.rss - base.rss),
      peakBuffersAboveMib: mib(peak.arrayBuffers - base.arrayBuffers),
    };
  }
  rmSync(dir, { recursive: true, force: true });
  return { renditions: count, ...result };
}

const report = {
  chromium: args.chromium,
  targets: { naiveOverWarm: '>= 4', warmOverFloor: '<= 1.3' },
  ...(args['only-screenshots']
    ? {}
    : {
        evidence: {
          pngBytes: assets.map((asset) => asset.body.length),
          ...(await measure(evidenceJob)),
        },
        text: await measure(textJob),
        soak: soak > 0 ? await soakTest(evidenceJob) : undefined,
      }),
  pile: await pileReport(),
  assetMemory: await assetMemory(Number(args['asset-memory'])),
};
console.log(JSON.stringify(report, null, 2));

const cell = (value, width) => String(value).padStart(width);
if (report.pile) {
  const { pile } = report;
  console.log(
    `\nHR case file with phone screenshots (1170x2532 PNG, ${pile.originalKb} KiB each; ` +
      `print rendition ${pile.renditionKb} KiB, made in ${pile.renditionMsEach} ms each)`,
  );
  console.log(
    '| screenshots | embedded   |   time ms | PDF MiB | pages | peak Chromium PSS MiB (RSS) |',
  );
  console.log(
    '|-------------|------------|-----------|---------|-------|-----------------------------|',
  );
  for (const run of pile.runs) {
    for (const label of ['originals', 'renditions']) {
      const r = run[label];
      console.log(
        `| ${cell(run.screenshots, 11)} | ${label.padEnd(10)} | ${cell(r.error ?? r.ms, 9)} | ${cell(r.pdfMb ?? '-', 7)} | ${cell(r.pages ?? '-', 5)} | ${cell(`${r.peakPssMb} (${r.peakRssMb})`, 27)} |`,
      );
    }
  }
  console.log('targets, 100 screenshots: under 15 s, PDF under 25 MB, renderer memory under 1 GiB');
}
if (report.assetMemory) {
  const a = report.assetMemory;
  console.log(`\nThe app's memory for ${a.renditions} print renditions in one HR file`);
  console.log(
    '| assets                          |  time ms | peak RSS above, MiB | peak Buffers above, MiB |',
  );
  console.log(
    '|---------------------------------|----------|---------------------|-------------------------|',
  );
  for (const [label, r] of [
    ['read before, held to the end', a.held],
    ['load() when Chromium asks', a.loaded],
  ]) {
    console.log(
      `| ${label.padEnd(31)} | ${cell(r.ms, 8)} | ${cell(r.peakRssAboveMib, 19)} | ${cell(r.peakBuffersAboveMib, 23)} |`,
    );
  }
}
for (const fixture of report.evidence ? ['evidence', 'text'] : []) {
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
