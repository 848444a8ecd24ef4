/**
 * Hand-built minimal files (PNG, JPEG, GIF, WebP, PDF) and multipart bodies, shared by the unit
 * specs of the upload engines and by the e2e tests; nothing in the app imports it.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

function u16be(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function u16le(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32be(data.length), typeAndData, u32be(crc32(typeAndData))]);
}

/** A decodable RGB PNG; for absurd sizes the IDAT is a token (we never decode). */
export function png(
  width = 2,
  height = 2,
  options: { extraChunks?: Buffer[]; trailing?: Buffer } = {},
): Buffer {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]);
  const raw =
    width * height <= 1_000_000
      ? Buffer.alloc(height * (1 + width * 3), 0x7f).fill(0, 0, 1)
      : Buffer.alloc(16);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(options.extraChunks ?? []),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
    options.trailing ?? Buffer.alloc(0),
  ]);
}

/** An RGB gradient PNG that a browser really draws, for checking images reach a printed page. */
export function gradientPng(width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + 1 + x * 3;
      raw[at] = Math.floor((x * 255) / width);
      raw[at + 1] = Math.floor((y * 255) / height);
      raw[at + 2] = 128;
    }
  }
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker]), u16be(data.length + 2), data]);
}

/** Baseline greyscale JPEG headers (SOI, APP0, DQT, SOF0, DHT, SOS) with token scan data. */
export function jpeg(width = 16, height = 8, options: { app1?: Buffer } = {}): Buffer {
  const jfif = Buffer.concat([
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
  ]);
  const dqt = Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]);
  const sof = Buffer.concat([
    Buffer.from([8]),
    u16be(height),
    u16be(width),
    Buffer.from([1, 1, 0x11, 0]),
  ]);
  const dht = Buffer.concat([
    Buffer.from([0x00]),
    Buffer.from([0, 1]),
    Buffer.alloc(14),
    Buffer.from([0]),
  ]);
  const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, jfif),
    ...(options.app1 ? [jpegSegment(0xe1, options.app1)] : []),
    jpegSegment(0xdb, dqt),
    jpegSegment(0xc0, sof),
    jpegSegment(0xc4, dht),
    jpegSegment(0xda, sos),
    Buffer.from([0x00, 0x3f, 0xff, 0x00, 0x12]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** GIF89a with a 2-colour table, one frame and the trailer. */
export function gif(
  width = 1,
  height = 1,
  options: { trailing?: Buffer; comment?: string } = {},
): Buffer {
  const comment = options.comment
    ? Buffer.concat([
        Buffer.from([0x21, 0xfe, options.comment.length]),
        Buffer.from(options.comment, 'latin1'),
        Buffer.from([0]),
      ])
    : Buffer.alloc(0);
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    u16le(width),
    u16le(height),
    Buffer.from([0x80, 0, 0]),
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    comment,
    Buffer.from([0x21, 0xf9, 4, 1, 0, 0, 0, 0]),
    Buffer.from([0x2c]),
    u16le(0),
    u16le(0),
    u16le(Math.min(width, 1)),
    u16le(Math.min(height, 1)),
    Buffer.from([0]),
    Buffer.from([2, 2, 0x44, 0x01, 0]),
    Buffer.from([0x3b]),
    options.trailing ?? Buffer.alloc(0),
  ]);
}

function riff(chunks: Buffer[], trailing: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(body.length), body, trailing]);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const pad = data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(fourcc, 'latin1'), u32le(data.length), data, pad]);
}

/** Lossless WebP: VP8L signature and 14-bit width-1 / height-1. */
export function webpLossless(width = 1, height = 1, options: { trailing?: Buffer } = {}): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const data = Buffer.concat([Buffer.from([0x2f]), u32le(bits), Buffer.from([0x00, 0x00, 0x00])]);
  return riff([riffChunk('VP8L', data)], options.trailing);
}

/** Lossy WebP key frame header. */
export function webpLossy(width = 1, height = 1): Buffer {
  const data = Buffer.concat([
    Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a]),
    u16le(width),
    u16le(height),
    Buffer.alloc(8),
  ]);
  return riff([riffChunk('VP8 ', data)]);
}

/** Extended WebP: 24-bit canvas width-1 / height-1. */
export function webpExtended(width = 1, height = 1): Buffer {
  const canvas = Buffer.alloc(10);
  canvas.writeUIntLE(width - 1, 4, 3);
  canvas.writeUIntLE(height - 1, 7, 3);
  return riff([riffChunk('VP8X', canvas), webpLossless(1, 1).subarray(12)]);
}

/** A one-page PDF with a correct xref; `extraObjects` are added as objects 4, 5, ... */
export function pdf(
  options: { extraObjects?: Array<string | Buffer>; catalogExtra?: string } = {},
): Buffer {
  const content = 'BT /F1 12 Tf 72 720 Td (Screenshot of post) Tj ET';
  const objects: Array<string | Buffer> = [
    `<< /Type /Catalog /Pages 2 0 R ${options.catalogExtra ?? ''}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${4 + (options.extraObjects?.length ?? 0)} 0 R >>`,
    ...(options.extraObjects ?? []),
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    const bytes = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets.push(offset);
    offset += bytes.length;
    parts.push(bytes);
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** The start of a PNG whose IDAT chunk declares `dataLength` bytes; the caller sends them. */
export function pngHead(dataLength = 0x7fffffff): Buffer {
  const full = png(1, 1);
  const ihdrEnd = 8 + 25;
  return Buffer.concat([
    full.subarray(0, ihdrEnd),
    u32be(dataLength),
    Buffer.from('IDAT', 'latin1'),
  ]);
}

/** A PNG of exactly `totalBytes` bytes, its size made up by one zero-filled IDAT chunk. */
export function pngOfSize(totalBytes: number): Buffer {
  const overhead = pngHead(0).length + 4 + 12;
  const dataLength = totalBytes - overhead;
  return Buffer.concat([
    pngHead(dataLength),
    Buffer.alloc(dataLength),
    Buffer.alloc(4),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An object stream (PDF 1.5) holding `inner` as its only object, Flate-compressed. */
export function pdfObjectStream(inner: string, options: { withType?: boolean } = {}): Buffer {
  const header = '9 0 ';
  const data = deflateSync(Buffer.from(header + inner, 'latin1'));
  const type = options.withType === false ? '' : '/Type /ObjStm ';
  return Buffer.concat([
    Buffer.from(
      `<< ${type}/N 1 /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\r\n`,
      'latin1',
    ),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

export type FormPart =
  | { name: string; value: string }
  | {
      name: string;
      fileName?: string;
      /** Sent verbatim instead of `filename="..."`, e.g. an RFC 5987 `filename*=`. */
      fileNameParam?: string;
      contentType?: string;
      data: Buffer;
    };

/** Builds a multipart/form-data body by hand, byte for byte. */
export function multipartBody(
  boundary: string,
  parts: FormPart[],
  options: { omitFinalBoundary?: boolean } = {},
): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`, 'latin1'));
    if ('value' in part) {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n`, 'utf8'),
      );
      chunks.push(Buffer.from(part.value, 'utf8'));
    } else {
      const fileName =
        part.fileNameParam !== undefined
          ? `; ${part.fileNameParam}`
          : part.fileName === undefined
            ? ''
            : `; filename="${part.fileName}"`;
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"${fileName}\r\n` +
            `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
          'utf8',
        ),
      );
      chunks.push(part.data);
    }
    chunks.push(Buffer.from('\r\n', 'latin1'));
  }
  if (!options.omitFinalBoundary) chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/**
 * `count` different phone-sized screenshots (1170x2532 PNG): rows of dark strokes on white, as
 * text is, shifted per image so Chromium cannot share one decoded image between them.
 */
export async function phoneScreenshots(count: number): Promise<Buffer[]> {
  const [width, height] = [1170, 2532];
  const base = Buffer.alloc(width * height * 3, 255);
  for (let y = 100; y < height - 28; y += 56) {
    for (let x = 40; x < width - 100; x += 97 + ((x * 7 + y) % 53)) {
      for (let row = y; row < y + 28; row++)
        base.fill(34, (row * width + x) * 3, (row * width + x + 70) * 3);
    }
  }
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const raw = Buffer.from(base);
      raw.fill(i * 5, i * 40 * width * 3, (i * 40 + 30) * width * 3);
      return sharp(raw, { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer();
    }),
  );
}
