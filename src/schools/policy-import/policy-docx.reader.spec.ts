import { describe, expect, it } from '@jest/globals';
import { Document, HeadingLevel, LevelFormat, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import { randomBytes } from 'node:crypto';
import { buffer as readAll } from 'node:stream/consumers';
import yazl from 'yazl';
import { proposeClauses } from './clause-proposal.js';
import {
  MAX_DOCX_BYTES,
  MAX_DOCX_UNPACKED_BYTES,
  htmlToPolicyText,
  proposeClausesFromDocx,
  readPolicyDocx,
} from './policy-docx.reader.js';
import { PolicyImportErrorCode, PolicyImportException } from './policy-import.exception.js';
import { SEEDS, seedText } from './seed-policies.fixtures.js';

/**
 * A Word document as a school would write it: each line of the policy a paragraph, and each
 * bulleted line a real Word bullet (a numbering definition, not a typed character). Numbers
 * and letters typed into the text stay typed, as they are in the seeds.
 */
function docxOf(text: string): Promise<Buffer> {
  const paragraphs = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const bullet = /^\s*[•·-]\s+(.*)$/u.exec(line);
      return bullet
        ? new Paragraph({ text: bullet[1], bullet: { level: 0 } })
        : new Paragraph({ text: line });
    });
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
}

/** A zip made part by part, for packages that no word processor would write. */
async function zipOf(parts: Record<string, Buffer | string>, compress = true): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(parts)) {
    zip.addBuffer(Buffer.from(content), name, { compress });
  }
  zip.end();
  return readAll(zip.outputStream);
}

const MINIMAL_DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  '<w:body><w:p><w:r><w:t>Staff must not share passwords.</w:t></w:r></w:p></w:body></w:document>';

/** Rewrites the size the central directory declares for one part, as a forged zip would. */
function withDeclaredSize(zip: Buffer, part: string, size: number): Buffer {
  const forged = Buffer.from(zip);
  const end = forged.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = forged.readUInt32LE(end + 16);
  for (let i = 0; i < forged.readUInt16LE(end + 10); i++) {
    const nameLength = forged.readUInt16LE(at + 28);
    const name = forged.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === part) forged.writeUInt32LE(size, at + 24);
    at += 46 + nameLength + forged.readUInt16LE(at + 30) + forged.readUInt16LE(at + 32);
  }
  return forged;
}

async function refusal(run: () => Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PolicyImportException) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readPolicyDocx', () => {
  it("mammoth's raw text drops Word's bullets and numbers, which is why the HTML is read", async () => {
    const docx = await docxOf(seedText(SEEDS.ourLady));
    const raw = (await mammoth.extractRawText({ buffer: docx })).value;
    expect(raw).toContain('The use of the school’s name, logo');
    expect(raw).not.toMatch(/^[•·]/mu);

    const text = await readPolicyDocx(docx);
    expect(text).toContain('\n• The use of the school’s name, logo');
  });

  it.each(Object.values(SEEDS))(
    '%s as a Word document gives the same proposal as its text',
    async (file) => {
      const text = seedText(file);
      const fromDocx = await proposeClausesFromDocx(await docxOf(text));
      expect(fromDocx).toEqual(proposeClauses(text));
      expect(fromDocx.clauses.length).toBeGreaterThan(10);
    },
  );

  it("reads Word's automatic numbering and nested lists as numbered and bulleted lines", async () => {
    const rules = { reference: 'rules', level: 0 };
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'rules',
            levels: [
              { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
              { level: 1, format: LevelFormat.LOWER_LETTER, text: '(%2)' },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({ text: 'Online contact', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({
              text: 'Staff must not accept friend requests from pupils.',
              numbering: rules,
            }),
            new Paragraph({ text: 'Staff must keep privacy settings high:', numbering: rules }),
            new Paragraph({ text: 'on each platform;', numbering: { ...rules, level: 1 } }),
            new Paragraph({ text: 'after each update.', numbering: { ...rules, level: 1 } }),
            new Paragraph({ text: 'Reporting', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({
              text: 'Staff must report concerns to the headteacher.',
              bullet: { level: 0 },
            }),
            new Paragraph({ text: 'Staff must keep a copy of the post.', bullet: { level: 1 } }),
          ],
        },
      ],
    });
    const text = await readPolicyDocx(await Packer.toBuffer(document));
    expect(text.split('\n\n')).toEqual([
      'Online contact',
      '1. Staff must not accept friend requests from pupils.',
      '2. Staff must keep privacy settings high:',
      '2.1 on each platform;',
      '2.2 after each update.',
      'Reporting',
      '• Staff must report concerns to the headteacher.',
      '◦ Staff must keep a copy of the post.',
    ]);
    const proposal = proposeClauses(text);
    expect(proposal.clauses.map((c) => c.text)).toEqual([
      'Staff must not accept friend requests from pupils.',
      'Staff must keep privacy settings high:\n2.1 on each platform;\n2.2 after each update.',
      'Staff must report concerns to the headteacher.',
      'Staff must keep a copy of the post.',
    ]);
    expect(proposal.clauses.map((c) => c.modelCode)).toEqual(['SM-06', 'SM-15', 'SM-14', null]);
  });

  it('turns HTML lists into lines, keeps typed numbers and decodes entities', () => {
    const html =
      '<h1>Rules &amp; advice</h1><p>Staff must not:</p>' +
      '<ol><li>a) post about pupils;</li><li>b) post about<br />parents.</li></ol>' +
      '<ul><li>First<ul><li>Second<ol><li>Third</li></ol></li></ul></li></ul>' +
      '<p>Line one<br />Line two</p><p>Ends in a break<br /></p><p><br />After a break</p>' +
      '<table><tr><td><p>In a cell</p></td></tr></table>';
    expect(htmlToPolicyText(html).split('\n\n')).toEqual([
      'Rules & advice',
      'Staff must not:',
      'a) post about pupils;',
      'b) post about parents.',
      '• First',
      '◦ Second',
      '1. Third',
      'Line one\nLine two',
      'Ends in a break',
      'After a break',
      'In a cell',
    ]);
  });
});

describe('readPolicyDocx refuses what is not a Word policy', () => {
  it.each([
    ['plain text renamed .docx', Buffer.from('Staff must not post images of pupils.\n')],
    ['a PDF renamed .docx', Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n')],
    ['an empty file', Buffer.alloc(0)],
    ['a zip signature and nothing else', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])],
  ])('%s', async (_what, bytes) => {
    expect(await refusal(() => readPolicyDocx(bytes))).toEqual({
      status: 415,
      code: PolicyImportErrorCode.NotDocx,
    });
  });

  it('a value that is not a Buffer', async () => {
    const notBytes = 'PK\u0003\u0004' as unknown as Buffer;
    expect(await refusal(() => readPolicyDocx(notBytes))).toMatchObject({
      code: PolicyImportErrorCode.NotDocx,
    });
  });

  it('a real zip without word/document.xml', async () => {
    const zip = await zipOf({ 'word/other.xml': MINIMAL_DOCUMENT, 'readme.txt': 'hello' });
    expect(await refusal(() => readPolicyDocx(zip))).toMatchObject({
      status: 415,
      code: PolicyImportErrorCode.NotDocx,
    });
  });

  it('a zip whose word/document.xml is not XML', async () => {
    const zip = await zipOf({ 'word/document.xml': 'not <<< xml' });
    expect(await refusal(() => readPolicyDocx(zip))).toMatchObject({
      code: PolicyImportErrorCode.NotDocx,
    });
  });

  it('a bare word/document.xml in a zip is read (it is all a .docx needs)', async () => {
    const zip = await zipOf({ 'word/document.xml': MINIMAL_DOCUMENT });
    expect(await readPolicyDocx(zip)).toBe('Staff must not share passwords.');
  });

  it('a file over 2 MB', async () => {
    const zip = await zipOf(
      {
        'word/document.xml': MINIMAL_DOCUMENT,
        'word/media/photo.bin': randomBytes(MAX_DOCX_BYTES),
      },
      false,
    );
    expect(zip.length).toBeGreaterThan(MAX_DOCX_BYTES);
    expect(await refusal(() => readPolicyDocx(zip))).toEqual({
      status: 413,
      code: PolicyImportErrorCode.FileTooLarge,
    });
  });

  it('a small file that unpacks to more than 5 MB', async () => {
    const zip = await zipOf({
      'word/document.xml': MINIMAL_DOCUMENT,
      'word/media/padding.bin': Buffer.alloc(MAX_DOCX_UNPACKED_BYTES + 1),
    });
    expect(zip.length).toBeLessThan(MAX_DOCX_BYTES);
    expect(await refusal(() => readPolicyDocx(zip))).toEqual({
      status: 413,
      code: PolicyImportErrorCode.FileTooLarge,
    });
  });

  it('a zip that understates how large a part unpacks', async () => {
    const honest = await docxOf('Staff must not share passwords.\n');
    expect(await readPolicyDocx(honest)).toBe('Staff must not share passwords.');
    const forged = withDeclaredSize(honest, 'word/document.xml', 16);
    expect(await refusal(() => readPolicyDocx(forged))).toMatchObject({
      code: PolicyImportErrorCode.NotDocx,
    });
  });

  it('a Word document with no text', async () => {
    const empty = await Packer.toBuffer(
      new Document({
        sections: [{ children: [new Paragraph({}), new Paragraph({ text: '   ' })] }],
      }),
    );
    expect(await refusal(() => readPolicyDocx(empty))).toEqual({
      status: 400,
      code: PolicyImportErrorCode.TextEmpty,
    });
  });

  it('a Word document with no lists', async () => {
    const prose = await docxOf(
      'Staff should be careful online.\nThe governors review this yearly.\n',
    );
    expect(await refusal(() => proposeClausesFromDocx(prose))).toEqual({
      status: 400,
      code: PolicyImportErrorCode.NoRulesFound,
    });
  });
});
