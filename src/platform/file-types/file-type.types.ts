export type AcceptedMimeType =
  'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | 'application/pdf';

/** The accepted types that are pictures (shown, printed, read by OCR); the rest is PDF. */
export const IMAGE_MIME_TYPES: ReadonlySet<string> = new Set<AcceptedMimeType>([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]);

export interface ImageLimits {
  maxSide: number;
  maxPixels: number;
}

/** Generous for long scrolling screenshots, far below what a decompression bomb declares. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxSide: 20_000, maxPixels: 100_000_000 };

export interface SniffVerdict {
  mimeType: AcceptedMimeType;
  width?: number;
  height?: number;
}

/** One format's inspector: fed every byte of the file in order; end() gives the verdict. */
export interface FormatInspector {
  write(chunk: Buffer): void;
  end(): SniffVerdict;
}

/** A format this engine accepts: how its first bytes look, and how the rest is inspected. */
export interface FileFormat {
  /** `head` holds the file's first HEAD_BYTES bytes. */
  matches(head: Buffer): boolean;
  inspector(limits: ImageLimits): FormatInspector;
}

// Enough to tell all five formats apart (WebP needs "RIFF" + size + "WEBP").
export const HEAD_BYTES = 12;
