import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { FileTypeErrorCode, FileTypeException } from './file-type.exception.js';
import {
  gif,
  jpeg,
  pdf,
  pdfObjectStream,
  png,
  pngChunk,
  webpExtended,
  webpLossless,
  webpLossy,
} from '../../../test/support/sample-files.js';
import { FileTypeInspector, sniffBuffer } from './file-type-inspector.js';
import type { SniffVerdict } from './file-type.types.js';

/** Feeds the bytes in pieces of `size` to prove that nothing depends on chunk boundaries. */
function sniffInChunks(bytes: Buffer, size: number): SniffVerdict {
  const inspector = new FileTypeInspector();
  for (let i = 0; i < bytes.length; i += size) inspector.write(bytes.subarray(i, i + size));
  return inspector.end();
}

function refusal(run: () => unknown): { status: number; code: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof FileTypeException) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

const CHUNK_SIZES = [1, 3, 7, 64 * 1024];

describe('FileTypeInspector', () => {
  describe.each(CHUNK_SIZES)('fed %i bytes at a time', (size) => {
    it.each([
      ['image/png', png(3, 2), 3, 2],
      ['image/jpeg', jpeg(640, 480), 640, 480],
      ['image/gif', gif(1, 1), 1, 1],
      ['image/webp', webpLossless(300, 200), 300, 200],
      ['image/webp', webpLossy(1024, 768), 1024, 768],
      ['image/webp', webpExtended(4000, 3000), 4000, 3000],
    ])('accepts %s by its bytes', (mimeType, bytes, width, height) => {
      expect(sniffInChunks(bytes, size)).toEqual({ mimeType, width, height });
    });

    it('accepts a plain PDF', () => {
      expect(sniffInChunks(pdf(), size)).toEqual({ mimeType: 'application/pdf' });
    });

    it('finds markup split across chunk boundaries', () => {
      const polyglot = png(2, 2, {
        extraChunks: [pngChunk('tEXt', Buffer.from('c\0<ScRiPt>alert(1)</script>'))],
      });
      expect(refusal(() => sniffInChunks(polyglot, size))).toEqual({
        status: 415,
        code: FileTypeErrorCode.ActiveContent,
      });
    });

    it('finds /JavaScript split across chunk boundaries', () => {
      const bytes = pdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ' });
      expect(refusal(() => sniffInChunks(bytes, size)).code).toBe(FileTypeErrorCode.ActiveContent);
    });
  });

  it.each([
    ['HTML', Buffer.from('<!doctype html><html><body>hi</body></html>')],
    [
      'SVG with script',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['plain text', Buffer.from('just some words, nothing more')],
    ['ZIP', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40)])],
    ['ELF executable', Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(60)])],
    ['Windows executable', Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(60)])],
    ['BMP', Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)])],
    ['a few bytes', Buffer.from([0x89, 0x50])],
  ])('refuses %s with 415', (_label, bytes) => {
    expect(refusal(() => sniffBuffer(bytes))).toEqual({
      status: 415,
      code: FileTypeErrorCode.TypeNotAllowed,
    });
  });

  it('refuses an empty file', () => {
    expect(refusal(() => sniffBuffer(Buffer.alloc(0)))).toEqual({
      status: 415,
      code: FileTypeErrorCode.Empty,
    });
  });

  it('refuses an unknown type on the first chunk, before the rest arrives', () => {
    const inspector = new FileTypeInspector();
    expect(() => inspector.write(Buffer.from('<html><body>not an image</body></html>'))).toThrow(
      FileTypeException,
    );
  });

  describe('dimensions declared in headers', () => {
    it.each([
      ['PNG 50,000 x 50,000', () => png(50_000, 50_000)],
      ['PNG 20,001 x 1', () => png(20_001, 1)],
      ['PNG 15,000 x 15,000 (over 100 megapixels)', () => png(15_000, 15_000)],
      ['JPEG 65,535 x 65,535', () => jpeg(65_535, 65_535)],
      ['GIF 65,535 x 65,535', () => gif(65_535, 65_535)],
      ['WebP VP8L 16,384 x 16,384', () => webpLossless(16_384, 16_384)],
      ['WebP VP8 16,383 x 16,383', () => webpLossy(16_383, 16_383)],
      ['WebP VP8X 16,777,216 x 16,777,216', () => webpExtended(16_777_216, 16_777_216)],
    ])('refuses %s before reading the image data', (_label, build) => {
      const bytes = build();
      const inspector = new FileTypeInspector();
      // The header alone (first 64 bytes at most, past JFIF/DQT for JPEG) must trigger it.
      const headerLength = bytes[0] === 0xff ? 200 : 64;
      expect(
        refusal(() => {
          inspector.write(bytes.subarray(0, Math.min(headerLength, bytes.length - 1)));
        }),
      ).toEqual({ status: 415, code: FileTypeErrorCode.ImageDimensionsTooLarge });
    });

    it('accepts a long scrolling screenshot', () => {
      expect(sniffBuffer(png(1080, 19_000))).toMatchObject({ width: 1080, height: 19_000 });
    });

    it('refuses zero dimensions as malformed', () => {
      expect(refusal(() => sniffBuffer(png(0, 10))).code).toBe(FileTypeErrorCode.Malformed);
    });

    it('finds a JPEG frame header after a large EXIF segment', () => {
      expect(sniffBuffer(jpeg(800, 600, { app1: Buffer.alloc(60_000, 0x20) }))).toMatchObject({
        width: 800,
        height: 600,
      });
    });
  });

  describe('polyglots and active content', () => {
    it.each([
      ['<html', 'x <HTML>'],
      ['<svg', 'x <svg onload=alert(1)>'],
      ['<iframe', '<iframe src=//evil>'],
      ['<body', '<body onload=x()>'],
      ['javascript:', 'see JavaScript:alert(1)'],
    ])('refuses a PNG carrying %s', (_label, text) => {
      const bytes = png(2, 2, {
        extraChunks: [pngChunk('tEXt', Buffer.from(`c\0${text}`, 'latin1'))],
      });
      expect(refusal(() => sniffBuffer(bytes)).code).toBe(FileTypeErrorCode.ActiveContent);
    });

    it('refuses markup in a GIF comment and in JPEG EXIF', () => {
      expect(refusal(() => sniffBuffer(gif(1, 1, { comment: '<script>x</script>' }))).code).toBe(
        FileTypeErrorCode.ActiveContent,
      );
      expect(
        refusal(() => sniffBuffer(jpeg(8, 8, { app1: Buffer.from('Exif\0\0<script src=x>') })))
          .code,
      ).toBe(FileTypeErrorCode.ActiveContent);
    });

    it('refuses markup in JPEG bytes after the end of image', () => {
      const bytes = Buffer.concat([jpeg(8, 8), Buffer.from('<html><script>alert(1)</script>')]);
      expect(refusal(() => sniffBuffer(bytes)).code).toBe(FileTypeErrorCode.ActiveContent);
    });

    it('agrees with a regular expression over the whole file, however it is chunked', () => {
      // The scanner searches bytes natively; this is the plain definition it must match.
      const reference = (bytes: Buffer) => {
        const text = bytes.toString('latin1');
        return (
          /<(?:script|html|svg|iframe|body)[\t\n\f\r />]|javascript:/i.test(text) ||
          /<(?:script|html|svg|iframe|body)$/i.test(text)
        );
      };
      const pieces = ['<', '<', '<', '<', 'sCr', 'ipt', 'svg', 'SVG', 'html', 'iframe', 'BoDy'];
      pieces.push('java', 'script', 'JavaScript', ':', ' ', '/', '>', '\n', 'x', 'z', '\u00ff');
      let seed = 12345;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return Math.floor((seed / 2 ** 31) * n);
      };
      let refused = 0;
      for (let n = 0; n < 400; n++) {
        const text = Array.from({ length: 1 + random(80) }, () => pieces[random(pieces.length)]);
        const bytes = png(2, 2, {
          extraChunks: [pngChunk('tEXt', Buffer.from(`c\0${text.join('')}`, 'latin1'))],
        });
        const expected = reference(bytes);
        if (expected) refused++;
        for (const size of [1, 5, 11, 64 * 1024]) {
          let found = false;
          try {
            sniffInChunks(bytes, size);
          } catch (error) {
            if (!(error instanceof FileTypeException)) throw error;
            found = error.code === FileTypeErrorCode.ActiveContent;
          }
          expect({ text, size, found }).toEqual({ text, size, found: expected });
        }
      }
      // Both outcomes are well represented, so the comparison means something.
      expect(refused).toBeGreaterThan(60);
      expect(refused).toBeLessThan(340);
    });

    it('refuses a tag name at the very end of the file', () => {
      const bytes = Buffer.concat([jpeg(8, 8), Buffer.from('trailing <SVG', 'latin1')]);
      for (const size of CHUNK_SIZES) {
        expect(refusal(() => sniffInChunks(bytes, size)).code).toBe(
          FileTypeErrorCode.ActiveContent,
        );
      }
    });

    it('does not mistake a tag-like prefix for a tag', () => {
      const bytes = png(2, 2, {
        extraChunks: [pngChunk('tEXt', Buffer.from('c\0<svgz <bodyguard'))],
      });
      expect(sniffBuffer(bytes).mimeType).toBe('image/png');
    });

    it.each([
      [
        'PNG after IEND',
        () => png(2, 2, { trailing: Buffer.from('PK\x03\x04 zip payload', 'latin1') }),
      ],
      ['GIF after the trailer', () => gif(1, 1, { trailing: Buffer.from([0, 1, 2]) })],
      ['WebP after the RIFF end', () => webpLossless(1, 1, { trailing: Buffer.from('extra') })],
    ])('refuses trailing bytes: %s', (_label, build) => {
      expect(refusal(() => sniffBuffer(build()))).toEqual({
        status: 415,
        code: FileTypeErrorCode.ActiveContent,
      });
    });

    it.each([
      ['PNG', png(4, 4)],
      ['GIF', gif(1, 1)],
      ['WebP', webpLossless(2, 2)],
      ['JPEG', jpeg(8, 8)],
    ])('refuses a truncated %s', (_label, bytes) => {
      const cut = bytes.subarray(0, bytes[0] === 0xff ? 100 : bytes.length - 3);
      expect(refusal(() => sniffBuffer(cut)).code).toBe(FileTypeErrorCode.Malformed);
    });

    it.each([
      ['/JavaScript', '<< /S /JavaScript /JS (app.alert(1)) >>'],
      ['/JS alone', '<< /JS (app.alert(1)) >>'],
      ['/JS as a reference', '<< /S /Foo /JS 12 0 R >>'],
      ['/JS as a hex string', '<< /JS<6170702e616c657274283129> >>'],
      ['/XFA as an array', '<< /XFA [(template) 9 0 R] >>'],
      ['/Launch', '<< /S /Launch /F (cmd.exe) >>'],
      ['/EmbeddedFile', '<< /Type /EmbeddedFile /Length 0 >>'],
      ['/EmbeddedFiles', '<< /EmbeddedFiles 7 0 R >>'],
      ['/RichMedia', '<< /Subtype /RichMedia >>'],
      ['a #-escaped /JavaScript', '<< /S /J#61va#53cript /J#53 (x) >>'],
    ])('refuses a PDF with %s', (_label, object) => {
      expect(refusal(() => sniffBuffer(pdf({ extraObjects: [object] })))).toEqual({
        status: 415,
        code: FileTypeErrorCode.ActiveContent,
      });
    });

    it('accepts /OpenAction that only sets the initial view, look-alike names, and /JS with no value (binary noise)', () => {
      const bytes = pdf({
        catalogExtra: '/OpenAction [3 0 R /Fit] /PageMode /UseNone ',
        extraObjects: [
          '<< /JSX 1 /Javascripts 2 >>',
          '<< /Filter /FlateDecode /Length 9 >>\nstream\nx/JS\n/XFA>\nendstream',
        ],
      });
      expect(sniffBuffer(bytes).mimeType).toBe('application/pdf');
    });

    describe.each(CHUNK_SIZES)('object streams fed %i bytes at a time', (size) => {
      it('refuses JavaScript hidden in a compressed object stream', () => {
        const bytes = pdf({
          extraObjects: [pdfObjectStream('<< /S /JavaScript /JS (app.alert(1)) >>')],
        });
        expect(refusal(() => sniffInChunks(bytes, size)).code).toBe(
          FileTypeErrorCode.ActiveContent,
        );
      });

      it('refuses it even when the stream does not say /Type /ObjStm', () => {
        const bytes = pdf({
          extraObjects: [pdfObjectStream('<< /S /Launch >>', { withType: false })],
        });
        expect(refusal(() => sniffInChunks(bytes, size)).code).toBe(
          FileTypeErrorCode.ActiveContent,
        );
      });

      it('accepts a harmless object stream', () => {
        const bytes = pdf({
          extraObjects: [pdfObjectStream('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>')],
        });
        expect(sniffInChunks(bytes, size).mimeType).toBe('application/pdf');
      });
    });

    it('refuses an object stream it cannot decompress', () => {
      const data = Buffer.concat([
        Buffer.from('garbage'),
        deflateSync(Buffer.from('<< /JS (x) >>')),
      ]);
      const stream = Buffer.concat([
        Buffer.from(
          `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
        ),
        data,
        Buffer.from('\nendstream'),
      ]);
      expect(refusal(() => sniffBuffer(pdf({ extraObjects: [stream] }))).code).toBe(
        FileTypeErrorCode.Malformed,
      );
    });
  });

  it('keeps refusing after the first refusal', () => {
    const inspector = new FileTypeInspector();
    expect(() => inspector.write(Buffer.from('not an image at all'))).toThrow(FileTypeException);
    expect(() => inspector.write(png())).toThrow(FileTypeException);
    expect(() => inspector.end()).toThrow(FileTypeException);
  });
});
