import { FileTypeErrorCode, FileTypeException } from './file-type.exception.js';

/**
 * Markup that makes a browser treat the bytes as a page: `<script`, `<html`, `<svg`, `<iframe` or
 * `<body` followed by what ends a tag name in HTML and XML (without that, "<svg" alone turns up
 * by chance in about one 10 MB compressed image in fifty), or a `javascript:` URL. ASCII letters
 * match in either case.
 */
const TAG_NAMES = ['script', 'html', 'svg', 'iframe', 'body'].map((n) => Buffer.from(n, 'latin1'));
const TAG_ENDS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x2f, 0x3e]); // \t \n \f \r space / >
const SCHEME = Buffer.from('javascript', 'latin1');
const LT = 0x3c;
const COLON = 0x3a;
/** Bytes a match can have on one side of a chunk boundary: `javascript:` is the longest. */
const MARKUP_OVERLAP = SCHEME.length;

/** Whether bytes[at..] spell `word` (lower-case ASCII letters), ignoring ASCII case. */
function spells(bytes: Buffer, at: number, word: Buffer): boolean {
  if (at < 0 || at + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) if ((bytes[at + i] | 0x20) !== word[i]) return false;
  return true;
}

/**
 * Finds only whole matches within `bytes`. Buffer.indexOf searches natively, so a screenshot is
 * scanned without turning its bytes into a string: most bytes are never looked at from script.
 */
function containsMarkup(bytes: Buffer, atEnd = false): boolean {
  for (let lt = bytes.indexOf(LT); lt !== -1; lt = bytes.indexOf(LT, lt + 1)) {
    for (const name of TAG_NAMES) {
      if (!spells(bytes, lt + 1, name)) continue;
      const end = lt + 1 + name.length;
      if (end < bytes.length ? TAG_ENDS.has(bytes[end]) : atEnd) return true;
    }
  }
  for (let c = bytes.indexOf(COLON); c !== -1; c = bytes.indexOf(COLON, c + 1)) {
    if (spells(bytes, c - SCHEME.length, SCHEME)) return true;
  }
  return false;
}

/** Refuses bytes a browser would read as a page, wherever they sit in the file. */
export class MarkupScanner {
  /** The last bytes seen, so a match split across two chunks is still found. */
  private tail = Buffer.alloc(0);

  write(chunk: Buffer): void {
    const seam = Buffer.concat([this.tail, chunk.subarray(0, MARKUP_OVERLAP)]);
    if (containsMarkup(seam) || containsMarkup(chunk)) throw activeMarkup();
    // Copied: the caller may reuse its chunk once write() returns.
    this.tail = Buffer.from(
      chunk.length >= MARKUP_OVERLAP
        ? chunk.subarray(chunk.length - MARKUP_OVERLAP)
        : Buffer.concat([this.tail, chunk]).subarray(-MARKUP_OVERLAP),
    );
  }

  /** A tag name at the very end of the file counts: a browser would still parse it as a tag. */
  end(): void {
    if (containsMarkup(this.tail, true)) throw activeMarkup();
  }
}

function activeMarkup(): FileTypeException {
  return new FileTypeException(
    FileTypeErrorCode.ActiveContent,
    'The image contains HTML or script markup',
  );
}
