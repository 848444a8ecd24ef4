// Memory during ten concurrent 8 MiB uploads (target: under 80 MiB of growth in the app's RSS).
// Run after `npm run build`: node scripts/bench/upload-memory.mjs
import {
  pngOfBytes,
  printTable,
  reportForm,
  rssMiB,
  signIn,
  startBuiltApp,
} from './bench-support.mjs';

const CONCURRENCY = 10;
const FILE_BYTES = 8 * 1024 * 1024;
const TARGET_MIB = 80;

const app = await startBuiltApp();
try {
  const { token, schoolId } = await signIn(app.url, 'staff@oak.example');
  // Warm the code paths once with a small upload so the figure is about holding files, not loading code.
  await fetch(`${app.url}/api/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: reportForm(schoolId, [pngOfBytes(64 * 1024)]),
  });
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const baseline = rssMiB(app.pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(app.pid))), 20);
  const files = Array.from({ length: CONCURRENCY }, () => pngOfBytes(FILE_BYTES));
  const started = Date.now();
  const statuses = await Promise.all(
    files.map(async (bytes, i) => {
      // Each file differs in one byte so none is deduplicated away.
      bytes[bytes.length - 20] = i;
      const res = await fetch(`${app.url}/api/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: reportForm(schoolId, [bytes]),
      });
      return res.status;
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const growth = peak - baseline;
  const result = {
    benchmark: 'upload-memory',
    uploads: CONCURRENCY,
    fileMiB: FILE_BYTES / 1024 / 1024,
    statuses: [...new Set(statuses)],
    seconds,
    baselineRssMiB: Number(baseline.toFixed(1)),
    peakRssMiB: Number(peak.toFixed(1)),
    growthMiB: Number(growth.toFixed(1)),
    targetMiB: TARGET_MIB,
    meetsTarget: growth < TARGET_MIB && statuses.every((s) => s === 201),
  };
  console.log(JSON.stringify(result));
  printTable([
    ['uploads at once', `${CONCURRENCY} x ${result.fileMiB} MiB`],
    ['HTTP statuses', result.statuses.join(', ')],
    ['baseline RSS', `${result.baselineRssMiB} MiB`],
    ['peak RSS', `${result.peakRssMiB} MiB`],
    ['growth', `${result.growthMiB} MiB (target < ${TARGET_MIB})`],
    ['verdict', result.meetsTarget ? 'meets target' : 'MISSES TARGET'],
  ]);
  process.exitCode = result.meetsTarget ? 0 : 1;
} finally {
  await app.stop();
}
