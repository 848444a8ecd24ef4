/**
 * Files that lie about what they are, for the hostile-input suite. Built by hand so each one is
 * exactly the attack it is named after; the well-formed builders come from sample-files.
 */
import { gif, jpeg, pdf, png, pngChunk } from './sample-files.js';

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export const HTML_PAGE = Buffer.from(
  '<!DOCTYPE html><html><body><script>fetch("/api/v1/auth/me")</script></body></html>',
);

/** A DOS/PE executable header: "MZ", the PE offset, the stub message, "PE\0\0". */
export const EXE = Buffer.concat([
  Buffer.from('MZ', 'latin1'),
  Buffer.alloc(58),
  Buffer.from([0x40, 0, 0, 0]),
  Buffer.from('This program cannot be run in DOS mode.\r\r\n$', 'latin1'),
  Buffer.alloc(8),
  Buffer.from('PE\0\0', 'latin1'),
  Buffer.alloc(64),
]);

/** A ZIP local file header holding "index.html", stored uncompressed. */
export const ZIP = (() => {
  const name = Buffer.from('index.html', 'latin1');
  const header = Buffer.alloc(30);
  header.write('PK\x03\x04', 0, 'latin1');
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(HTML_PAGE.length, 18);
  header.writeUInt32LE(HTML_PAGE.length, 22);
  header.writeUInt16LE(name.length, 26);
  const end = Buffer.alloc(22);
  end.write('PK\x05\x06', 0, 'latin1');
  return Buffer.concat([header, name, HTML_PAGE, end]);
})();

export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">' +
    '<script type="text/javascript">alert(document.domain)</script></svg>',
);

/** Valid PNG structure with an HTML page in a text chunk: a browser sniffing it may run it. */
export const PNG_HTML_IN_TEXT_CHUNK = png(6, 6, {
  extraChunks: [
    pngChunk('tEXt', Buffer.from('Comment\0<html><body><script>alert(1)</script></body></html>')),
  ],
});

/** A complete PNG followed by an HTML page. */
export const PNG_THEN_HTML = png(6, 7, { trailing: HTML_PAGE });

/** A complete PNG followed by a ZIP archive (the classic "GIFAR"-style polyglot). */
export const PNG_THEN_ZIP = png(7, 6, { trailing: ZIP });

export const GIF_WITH_SCRIPT_COMMENT = gif(1, 1, { comment: '<script>alert(1)</script>' });

export const JPEG_WITH_HTML_APP1 = jpeg(16, 8, {
  app1: Buffer.from('<html><body onload="alert(1)"></body></html>'),
});

export const PDF_WITH_JAVASCRIPT = pdf({
  catalogExtra: '/OpenAction 4 0 R ',
  extraObjects: ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>'],
});

/** PNG signature and an IHDR declaring width x height; nothing else. */
export function pngSignatureAndIhdr(width: number, height: number): Buffer {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
  ]);
}

/** The start of a PNG claiming width x height whose IDAT then declares 2 GB of data. */
export function hugePngHead(width: number, height: number): Buffer {
  return Buffer.concat([
    pngSignatureAndIhdr(width, height),
    u32be(0x7fffffff),
    Buffer.from('IDAT', 'latin1'),
  ]);
}
