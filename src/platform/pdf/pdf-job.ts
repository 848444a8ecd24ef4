// What a caller hands the PDF renderer: kept apart from the renderer so the page and the
// session that print a job need not import the renderer that drives them.

/**
 * Images (evidence) reach the page only as assets: the HTML refers to
 * `https://case-assets.invalid/<id>` and the renderer answers that one request, from memory or
 * from the asset's load() at the moment Chromium asks.
 * data: URLs also work, since Chromium decodes them without any request; they are fine for
 * small inline images but slower for large ones (the bytes travel inside the HTML).
 */
export const ASSET_ORIGIN = 'https://case-assets.invalid/';

/**
 * An image the page asks for: its bytes, or a way to fetch them when Chromium asks (from the
 * evidence store), so a file of a hundred screenshots is never held in memory all at once.
 */
export type PdfAsset = { url: string; contentType: string } & (
  { body: Buffer; load?: undefined } | { load: () => Promise<Buffer>; body?: undefined }
);

export interface PdfRenderJob {
  /** A complete, already-escaped document; its CSP meta tag is welcome but not relied upon. */
  html: string;
  /** Chromium header/footer templates: escaped by the caller, may use pageNumber/totalPages. */
  headerHtml?: string;
  footerHtml?: string;
  assets?: readonly PdfAsset[];
  /**
   * Whose job it is (a user id): one person's jobs may hold only some of the render slots, so
   * their big file cannot keep everyone else's downloads waiting.
   */
  owner?: string;
  /**
   * This job's deadline instead of the renderer's: a big case file rendered in the background
   * has nobody waiting on the line, so it may take longer than a download is allowed to.
   */
  timeoutMs?: number;
  /** Aborts the job at once, as its deadline would: the caller has gone (a closed download). */
  signal?: AbortSignal;
}
