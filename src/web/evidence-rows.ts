/**
 * A file box and its capture time per file (up to 10, three shown and the rest behind "more"),
 * so each file keeps its own time. The first pair keeps the ids a message links to.
 */
export function evidenceRows() {
  const rows = Array.from({ length: 10 }, (_, i) => ({
    n: i + 1,
    fileId: i === 0 ? 'evidence' : `evidence-${i + 1}`,
    timeId: i === 0 ? 'evidenceCapturedAt' : `evidenceCapturedAt-${i + 1}`,
  }));
  return { evidenceRows: rows.slice(0, 3), moreEvidenceRows: rows.slice(3) };
}
