// What a caller hands the PDF renderer: kept apart from the renderer so the page and the
// session that print a job need not import the renderer that drives them.

/**
 * Images (evidence) reach the page only as assets: the HTML refers to
 * `https://case-assets.invalid/<id>` and the renderer answers that one request from memory.
 * data: URLs also work, since Chromium decodes them without any request; they are fine for
 * small inline images but slower for large ones (the bytes travel inside the HTML).
 */
export const ASSET_ORIGIN = 'https://case-assets.invalid/';

export interface PdfAsset {
  url: string;
  contentType: string;
  body: Buffer;
}

export interface PdfRenderJob {
  /** A complete, already-escaped document; its CSP meta tag is welcome but not relied upon. */
  html: string;
  /** Chromium header/footer templates: escaped by the caller, may use pageNumber/totalPages. */
  headerHtml?: string;
  footerHtml?: string;
  assets?: readonly PdfAsset[];
}
