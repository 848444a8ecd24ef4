import { Parser } from 'htmlparser2';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { proposeClauses, type PolicyProposal } from './clause-proposal.js';
import { readMarker } from './policy-lines.js';
import { PolicyImportErrorCode, PolicyImportException } from './policy-import.exception.js';

/**
 * Reads an uploaded Word policy (.docx) into the same plain text an admin would paste, list
 * markers included, so both routes give the same proposal.
 *
 * mammoth's `extractRawText` keeps paragraphs but drops every list marker, which is exactly
 * what the proposal reads, so the text comes from its HTML instead: `<ol>`/`<ul>`/`<li>` are
 * turned back into numbered and bulleted lines. Word's own numbers are not in mammoth's output
 * (it keeps only "ordered or not" and the level), so each automatically numbered list counts
 * from 1, as its HTML does; numbers typed into the text are kept as typed.
 */

export const MAX_DOCX_BYTES = 2 * 1024 * 1024;

/**
 * What the package may unpack to. A long policy's XML is a megabyte or two and its pictures fit
 * in the 2 MB file; beyond this a file is refused before mammoth reads it, since mammoth unpacks
 * without a limit and needs about 90 MB of memory and 0.8 s per MB of XML (measured: a 107 KB
 * zip that unpacked to 30 MB took 23 s and 2.8 GB; at this limit, about 4 s and 460 MB).
 */
export const MAX_DOCX_UNPACKED_BYTES = 5 * 1024 * 1024;

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const MAIN_PART = 'word/document.xml';

function notDocx(): PolicyImportException {
  return new PolicyImportException(
    PolicyImportErrorCode.NotDocx,
    'The file is not a Word document (.docx)',
  );
}

/**
 * Checks the bytes are a zip holding `word/document.xml` that unpacks within the limit. Every
 * part is inflated once here (and thrown away): yauzl refuses a part whose bytes outrun its
 * declared size, so the declared sizes summed below are the true ones.
 */
async function checkPackage(file: Buffer): Promise<void> {
  if (file.length > MAX_DOCX_BYTES) {
    throw new PolicyImportException(
      PolicyImportErrorCode.FileTooLarge,
      'The Word document is larger than 2 MB',
    );
  }
  if (file.length < ZIP_SIGNATURE.length || !file.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    throw notDocx();
  }
  let hasMainPart = false;
  let unpacked = 0;
  try {
    const zip = await yauzl.fromBufferPromise(file, { validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.toLowerCase() === MAIN_PART) hasMainPart = true;
      if (entry.fileName.endsWith('/')) continue;
      unpacked += entry.uncompressedSize;
      if (unpacked > MAX_DOCX_UNPACKED_BYTES) {
        throw new PolicyImportException(
          PolicyImportErrorCode.FileTooLarge,
          'The Word document unpacks to more than 5 MB',
        );
      }
      const part = await zip.openReadStreamPromise(entry);
      await pipeline(part, new Writable({ write: (_chunk, _encoding, done) => done() }));
    }
  } catch (error) {
    if (error instanceof PolicyImportException) throw error;
    throw notDocx();
  }
  if (!hasMainPart) throw notDocx();
}

const BULLETS = ['•', '◦', '▪'];
const BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ol',
  'ul',
  'table',
  'tr',
  'td',
  'th',
  'blockquote',
]);

/** mammoth's HTML as lines: one per paragraph, list items with their marker. */
export function htmlToPolicyText(html: string): string {
  const lists: Array<{ ordered: boolean; count: number }> = [];
  let out = '';
  let line = '';
  let marker = '';

  /** What goes before the next line: a blank line between blocks, a newline after a break. */
  let separator = '';
  const flush = (lineBreak = false): void => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text !== '') {
      // A list paragraph whose number was typed in as well keeps the typed one.
      const shown = marker === '' || readMarker(text) !== null ? text : `${marker} ${text}`;
      out += separator + shown;
      separator = lineBreak ? '\n' : '\n\n';
    } else if (!lineBreak && out !== '') {
      separator = '\n\n';
    }
    line = '';
    marker = '';
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'br') {
          // A line break inside a list item is only layout; elsewhere it starts a new line.
          if (lists.length > 0) line += ' ';
          else flush(true);
          return;
        }
        if (!BLOCKS.has(name)) return;
        flush();
        if (name === 'ol' || name === 'ul') {
          lists.push({ ordered: name === 'ol', count: 0 });
        } else if (name === 'li') {
          const list = lists.at(-1);
          if (list?.ordered) {
            list.count += 1;
            const numbers = lists.filter((l) => l.ordered).map((l) => l.count);
            marker = numbers.length === 1 ? `${numbers[0]}.` : numbers.join('.');
          } else {
            const depth = Math.max(1, lists.filter((l) => !l.ordered).length);
            marker = BULLETS[(depth - 1) % BULLETS.length];
          }
        }
      },
      ontext(text) {
        line += text;
      },
      onclosetag(name) {
        if (!BLOCKS.has(name)) return;
        flush();
        if (name === 'ol' || name === 'ul') lists.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out;
}

/** The policy text of a .docx, list markers included. */
export async function readPolicyDocx(file: Buffer): Promise<string> {
  if (!Buffer.isBuffer(file)) throw notDocx();
  await checkPackage(file);
  let html: string;
  try {
    // Loaded when a school imports a .docx, a rare thing, rather than at every start-up.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.convertToHtml(
      { buffer: file },
      {
        // Images are not policy text: leave their bytes unread rather than inline them.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch {
    throw notDocx();
  }
  const text = htmlToPolicyText(html);
  if (text.trim() === '') {
    throw new PolicyImportException(
      PolicyImportErrorCode.TextEmpty,
      'The Word document has no text',
    );
  }
  return text;
}

export async function proposeClausesFromDocx(file: Buffer): Promise<PolicyProposal> {
  return proposeClauses(await readPolicyDocx(file));
}
