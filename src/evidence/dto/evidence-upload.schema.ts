import type { EncodingObject } from '@nestjs/swagger';

/** The types the sniffer accepts, judged by the bytes whatever a client declares. */
export const EVIDENCE_MIME_TYPES: [string, ...string[]] = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
];

/** How each part of an evidence upload is encoded (OpenAPI multipart `encoding`). */
export const EVIDENCE_FILE_ENCODING: EncodingObject = {
  evidence: { contentType: EVIDENCE_MIME_TYPES.join(', ') },
  evidenceCapturedAt: { contentType: 'text/plain' },
};
