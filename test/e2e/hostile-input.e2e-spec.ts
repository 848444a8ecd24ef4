import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { Session } from '../../src/auth/session.entity.js';
import { CaseEvent } from '../../src/cases/case-event.entity.js';
import { CaseRecord } from '../../src/cases/case.entity.js';
import { EvidenceItem } from '../../src/cases/evidence-item.entity.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { FormPart, multipartBody, png, pngHead } from '../support/sample-files.js';
import { baseReport, demoIds, DemoIds, fileReport, filesUnder } from '../support/demo.js';
import {
  EXE,
  GIF_WITH_SCRIPT_COMMENT,
  HTML_PAGE,
  hugePngHead,
  JPEG_WITH_HTML_APP1,
  PDF_WITH_JAVASCRIPT,
  PNG_HTML_IN_TEXT_CHUNK,
  PNG_THEN_HTML,
  PNG_THEN_ZIP,
  SVG_WITH_SCRIPT,
  ZIP,
} from '../support/hostile-files.js';
import {
  boundary,
  chunk,
  fieldParts,
  RawResponse,
  requestHead,
  sendRaw,
  streamUntilAnswered,
} from '../support/hostile-http.js';
import { bearer, createTestApp, DEMO_PASSWORD, TestApp } from '../support/test-app.js';

const MiB = 1024 * 1024;
const CONTRACT_KEYS = ['statusCode', 'error', 'message', 'code'];

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

/** A raw response as supertest would give it: JSON parsed when it is JSON. */
function answerOf(raw: RawResponse): Answer {
  let body: unknown = { notJson: raw.text.slice(0, 300) };
  try {
    body = JSON.parse(raw.text);
  } catch {
    // left as notJson so a failing assertion shows what came back
  }
  return { status: raw.status, body, text: raw.text };
}

/** A clear 4xx (or the given status) in the contract shape, and nothing else in the body. */
function expectContractError(res: Answer, statuses: number | number[], codes?: string | string[]) {
  const allowed = [statuses].flat();
  const body = res.body as Record<string, unknown>;
  if (!allowed.includes(res.status)) {
    throw new Error(
      `expected ${allowed.join(' or ')}, got ${res.status}: ${res.text.slice(0, 300)}`,
    );
  }
  expect(Object.keys(body).filter((k) => !CONTRACT_KEYS.includes(k))).toEqual([]);
  expect(body.statusCode).toBe(res.status);
  expect(body.error).toBe(STATUS_CODES[res.status]);
  const message = body.message;
  expect(
    typeof message === 'string' ||
      (Array.isArray(message) && message.every((m) => typeof m === 'string')),
  ).toBe(true);
  if (codes !== undefined) expect([codes].flat()).toContain(body.code);
}

describe('hostile input', () => {
  let t: TestApp;
  let ids: DemoIds;
  let port: number;
  let dataDir: string;
  const tok: Record<string, string> = {};
  /** OAK case filed by staff, owned by the head: the target of the mass-assignment tries. */
  let target: { id: string; reference: string; evidenceId: string };
  /** OAK case about the head: routed to the chair, invisible to the head. */
  let aboutHead: { id: string; evidenceId: string };
  /** ELM case: invisible to everyone at OAK. */
  let elm: { id: string; evidenceId: string };
  /** OAK case waiting for HR advice. */
  let awaitingHr: { id: string };
  let pngSide = 40;
  /** A PNG no other test has sent, so its stored file is new. */
  const freshPng = () => png(pngSide++, 9);

  const repo = <T extends object>(entity: new () => T) => t.dataSource.getRepository(entity);

  /** Files in DATA_DIR a request could have added (the SQLite files excepted). */
  const dataFiles = () =>
    filesUnder(dataDir)
      .map((f) => relative(dataDir, f))
      .filter((f) => !basename(f).startsWith('cases.sqlite'))
      .sort();

  async function snapshot() {
    // Mail from earlier requests leaves in the background: let it land before comparing.
    await t.app.get(JobQueue).drained();
    return {
      cases: await repo(CaseRecord).count(),
      evidenceRows: await repo(EvidenceItem).count(),
      events: await repo(CaseEvent).count(),
      audit: await repo(AuditEntry).count(),
      sessions: await repo(Session).count(),
      versions: (await repo(CaseRecord).find({ order: { id: 'ASC' } })).map(
        (c) => `${c.id}:${c.version}:${c.status}:${c.ownerUserId}`,
      ),
      files: dataFiles(),
    };
  }
  type Snapshot = Awaited<ReturnType<typeof snapshot>>;

  /** Every stored file belongs to an evidence row and every row has its file; tmp/ is empty. */
  async function storeMatchesRows() {
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
    const rows = await repo(EvidenceItem).find();
    expect(
      filesUnder(join(dataDir, 'evidence'))
        .map((f) => basename(f))
        .sort(),
    ).toEqual([...new Set(rows.map((r) => r.sha256))].sort());
  }

  async function nothingStored(before: Snapshot) {
    expect(await snapshot()).toEqual(before);
    await storeMatchesRows();
  }

  async function stillUp() {
    await request(t.http).get('/api/v1/health').expect(200, { status: 'ok' });
  }

  const asAnswer = (res: request.Response): Answer => ({
    status: res.status,
    body: res.body,
    text: res.text ?? '',
  });

  function sendMultipart(path: string, token: string, parts: FormPart[], b = boundary()) {
    return request(t.http)
      .post(path)
      .set(bearer(token))
      .set('Content-Type', `multipart/form-data; boundary=${b}`)
      .send(multipartBody(b, parts));
  }

  const reportFields = () => fieldParts(baseReport(ids.school.OAK));
  const evidencePart = (data: Buffer, fileName = 'shot.png', contentType = 'image/png') => ({
    name: 'evidence',
    fileName,
    contentType,
    data,
  });

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    dataDir = t.config.dataDir;
    ids = await demoIds(t);
    for (const email of [
      'staff@oak.example',
      'staff2@oak.example',
      'head@oak.example',
      'chair@oak.example',
      'hr@council.example',
      'head@elm.example',
      'staff@elm.example',
    ]) {
      const key = email.split('@')[0] + (email.endsWith('elm.example') ? 'Elm' : '');
      tok[key] = await t.login(email);
    }
    const filed = async (
      token: string,
      fields: Record<string, string | string[] | boolean>,
    ): Promise<{ id: string; reference: string; evidenceId: string }> => {
      const res = await fileReport(t, token, fields, [{ name: 'a.png', bytes: freshPng() }]).expect(
        201,
      );
      return {
        id: res.body.id,
        reference: res.body.reference,
        evidenceId: res.body.evidence[0].id,
      };
    };
    target = await filed(tok.staff, baseReport(ids.school.OAK));
    aboutHead = await filed(
      tok.staff2,
      baseReport(ids.school.OAK, {
        subjectName: 'Helen Carter',
        subjectUserId: ids.user('head@oak.example'),
      }),
    );
    elm = await filed(tok.staffElm, baseReport(ids.school.ELM));
    const hrCase = await filed(tok.staff, baseReport(ids.school.OAK));
    const move = (body: Record<string, unknown>) =>
      request(t.http)
        .post(`/api/v1/cases/${hrCase.id}/transitions`)
        .set(bearer(tok.head))
        .send(body)
        .expect(200);
    const investigating = await move({
      to: 'investigating',
      version: 1,
      classification: 'conduct_breach',
    });
    await move({ to: 'hr_advice', version: investigating.body.version, hrQuestion: 'Warning?' });
    awaitingHr = { id: hrCase.id };
  });
  afterAll(() => t.close());

  describe('files that are not what they say', () => {
    it.each([
      ['an HTML page declared as image/png', HTML_PAGE, 'page.png', 'image/png'],
      ['a Windows executable declared as image/png', EXE, 'photo.png', 'image/png'],
      ['a ZIP archive declared as image/png', ZIP, 'photo.png', 'image/png'],
      ['an SVG with a script', SVG_WITH_SCRIPT, 'logo.svg', 'image/svg+xml'],
      ['an SVG with a script declared as image/png', SVG_WITH_SCRIPT, 'logo.png', 'image/png'],
      ['a PNG with an HTML page in a text chunk', PNG_HTML_IN_TEXT_CHUNK, 'p.png', 'image/png'],
      ['a PNG followed by an HTML page', PNG_THEN_HTML, 'p.png', 'image/png'],
      ['a PNG followed by a ZIP archive', PNG_THEN_ZIP, 'p.png', 'image/png'],
      ['a GIF whose comment holds a script', GIF_WITH_SCRIPT_COMMENT, 'g.gif', 'image/gif'],
      ['a JPEG whose APP1 holds HTML', JPEG_WITH_HTML_APP1, 'j.jpg', 'image/jpeg'],
      ['a PDF that runs JavaScript on open', PDF_WITH_JAVASCRIPT, 'd.pdf', 'application/pdf'],
    ])('refuses %s with 415, whole report and good file included', async (_, bytes, name, type) => {
      const before = await snapshot();
      const res = await sendMultipart('/api/v1/reports', tok.staff, [
        ...reportFields(),
        evidencePart(freshPng(), 'good.png'),
        evidencePart(bytes, name, type),
      ]);
      expectContractError(asAnswer(res), 415, [
        'EVIDENCE_TYPE_NOT_ALLOWED',
        'EVIDENCE_ACTIVE_CONTENT',
        'EVIDENCE_MALFORMED',
      ]);
      await stillUp();
      await nothingStored(before);
    });

    it('refuses a PNG declaring 50,000 x 50,000 pixels with 415', async () => {
      const before = await snapshot();
      const res = await sendMultipart('/api/v1/reports', tok.staff, [
        ...reportFields(),
        evidencePart(png(50_000, 50_000), 'bomb.png'),
      ]);
      expectContractError(asAnswer(res), 415, 'IMAGE_DIMENSIONS_TOO_LARGE');
      await stillUp();
      await nothingStored(before);
    });

    it('refuses that PNG from its header, before the image data has even arrived', async () => {
      const before = await snapshot();
      const b = boundary();
      const preamble = multipartBody(b, reportFields(), { omitFinalBoundary: true });
      const head = Buffer.concat([
        preamble,
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="evidence"; filename="bomb.png"\r\n` +
            'Content-Type: image/png\r\n\r\n',
          'latin1',
        ),
        hugePngHead(50_000, 50_000),
      ]);
      const filler = chunk(Buffer.alloc(64 * 1024));
      const result = await streamUntilAnswered(
        port,
        requestHead('POST', '/api/v1/reports', {
          Authorization: `Bearer ${tok.staff}`,
          'Content-Type': `multipart/form-data; boundary=${b}`,
          'Transfer-Encoding': 'chunked',
        }),
        (sent) => (sent === 0 ? chunk(head) : filler),
        { maxBytes: 64 * MiB, timeoutMs: 15000, pauseMs: 1 },
      );
      expect(result.stoppedBy).toBe('response');
      expectContractError(answerOf(result.response!), 415, 'IMAGE_DIMENSIONS_TOO_LARGE');
      // The IHDR is in the first kilobyte; a decoder would have needed the 2 GB IDAT.
      expect(result.bytesSent).toBeLessThan(MiB);
      await stillUp();
      await nothingStored(before);
    });
  });

  describe('client file names', () => {
    const marker = `hostile-${randomBytes(6).toString('hex')}`;
    // Climbs far enough from DATA_DIR/evidence/aa (or tmp/) to reach the system temp dir.
    const traversal = `${'../'.repeat(16)}${tmpdir().replace(/^\//, '')}/${marker}.png`;
    const long = `${'n'.repeat(9_996)}.png`;

    it.each([
      ['with ../ segments', `filename="${traversal}"`, traversal],
      [
        'with ..\\ segments',
        `filename="..\\..\\..\\..\\${marker}.png"`,
        `..\\..\\..\\..\\${marker}.png`,
      ],
      ['that is an absolute path', `filename="/etc/${marker}.png"`, `/etc/${marker}.png`],
      ['that is just ".."', 'filename=".."', '..'],
      ['with a raw NUL byte', `filename="shot\u0000${marker}.png"`, `shot\u0000${marker}.png`],
      [
        'with NUL, CR and LF percent-encoded (RFC 5987)',
        `filename*=UTF-8''shot%00%0D%0AContent-Type%3A%20text%2Fhtml%0D%0A${marker}.png`,
        `shot\u0000\r\nContent-Type: text/html\r\n${marker}.png`,
      ],
      [
        'with a raw CRLF that tries to inject a part header',
        `filename="shot\r\nContent-Type: text/html\r\nX-${marker}: 1.png"`,
        `shot\r\nContent-Type: text/html\r\nX-${marker}: 1.png`,
      ],
      [
        'with a right-to-left override (U+202E)',
        `filename*=UTF-8''invoice-${marker}%E2%80%AEgnp.exe`,
        `invoice-${marker}\u202egnp.exe`,
      ],
      ['of 10,000 characters', `filename="${long}"`, long],
    ])(
      'takes or refuses a file name %s, never storing or echoing it raw',
      async (_, fileNameParam, raw) => {
        const before = await snapshot();
        const bytes = freshPng();
        const res = await sendMultipart('/api/v1/reports', tok.staff, [
          ...reportFields(),
          { name: 'evidence', fileNameParam, contentType: 'image/png', data: bytes },
        ]);
        await stillUp();
        // The raw name (or any distinctive piece of it) never comes back.
        const echoed = [raw, marker, 'n'.repeat(300), '\u202e', 'text/html', 'etc/'].filter((s) =>
          res.text.includes(s),
        );
        expect(echoed).toEqual([]);
        if (res.status === 201) {
          // Taken means taken with its file: a report must not lose its evidence silently.
          expect(res.body.evidence).toHaveLength(1);
          const row = await repo(EvidenceItem).findOneByOrFail({ id: res.body.evidence[0].id });
          const stored = row.clientFileName ?? '';
          expect(stored).not.toMatch(/[/\\]/);
          expect(stored).not.toMatch(
            /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/,
          );
          expect(['.', '..']).not.toContain(stored);
          expect(Array.from(stored).length).toBeLessThanOrEqual(255);
          // Only the content-addressed file was added, and only under evidence/.
          const added = dataFiles().filter((f) => !before.files.includes(f) && f !== 'outbox.mbox');
          expect(added).toHaveLength(1);
          expect(added[0]).toMatch(/^evidence\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
          const detail = await request(t.http)
            .get(`/api/v1/cases/${res.body.id}`)
            .set(bearer(tok.head))
            .expect(200);
          expect(detail.text).not.toContain(marker);
          await storeMatchesRows();
        } else {
          expectContractError(asAnswer(res), [400, 415]);
          await nothingStored(before);
        }
        if (raw.includes(marker)) {
          for (const dir of [
            join(dataDir, 'evidence', 'aa', 'bb'),
            join(dataDir, 'tmp'),
            dataDir,
          ]) {
            expect(existsSync(resolve(dir, raw.replace(/\\/g, '/')))).toBe(false);
          }
        }
        expect(existsSync(join(tmpdir(), `${marker}.png`))).toBe(false);
      },
    );
  });

  describe('malformed part headers', () => {
    it.each([
      ['an unterminated quoted file name', 'form-data; name="evidence"; filename="shot.png'],
      ['an unquoted file name with spaces', 'form-data; name="evidence"; filename=my shot.png'],
      ['no form-data disposition at all', 'attachment; filename="shot.png"'],
    ])(
      'refuses a file part with %s instead of dropping the file and filing the report without it',
      async (_, disposition) => {
        const before = await snapshot();
        const b = boundary();
        const body = Buffer.concat([
          multipartBody(b, reportFields(), { omitFinalBoundary: true }),
          Buffer.from(
            `--${b}\r\nContent-Disposition: ${disposition}\r\nContent-Type: image/png\r\n\r\n`,
          ),
          freshPng(),
          Buffer.from(`\r\n--${b}--\r\n`),
        ]);
        const res = await request(t.http)
          .post('/api/v1/reports')
          .set(bearer(tok.staff))
          .set('Content-Type', `multipart/form-data; boundary=${b}`)
          .send(body);
        await stillUp();
        expectContractError(asAnswer(res), 400);
        await nothingStored(before);
      },
    );
  });

  describe('bodies built to exhaust the server', () => {
    it('refuses 10,000 form fields with 413', async () => {
      const before = await snapshot();
      const parts = Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}`, value: 'x' }));
      const res = await sendMultipart('/api/v1/reports', tok.staff, [...reportFields(), ...parts]);
      expectContractError(asAnswer(res), 413, [
        'MULTIPART_TOO_MANY_FIELDS',
        'MULTIPART_TOO_MANY_PARTS',
      ]);
      await stillUp();
      await nothingStored(before);
    });

    it('refuses 10,000 file parts with 4xx and deletes the ten it had started on', async () => {
      const before = await snapshot();
      const small = png(3, 3);
      const parts = Array.from({ length: 10_000 }, (_, i) => evidencePart(small, `s${i}.png`));
      const res = await sendMultipart('/api/v1/reports', tok.staff, [...reportFields(), ...parts]);
      expectContractError(
        asAnswer(res),
        [400, 413],
        ['EVIDENCE_TOO_MANY_FILES', 'MULTIPART_TOO_MANY_PARTS'],
      );
      await stillUp();
      await nothingStored(before);
    });

    it('answers a 50 MB text field with 413 while it is still arriving', async () => {
      const before = await snapshot();
      const b = boundary();
      const fieldSize = 50 * MiB;
      const opening = Buffer.concat([
        multipartBody(
          b,
          reportFields().filter((p) => p.name !== 'description'),
          {
            omitFinalBoundary: true,
          },
        ),
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="description"\r\n\r\n`),
      ]);
      const closing = Buffer.from(`\r\n--${b}--\r\n`);
      const filler = Buffer.alloc(64 * 1024, 'A');
      const result = await streamUntilAnswered(
        port,
        requestHead('POST', '/api/v1/reports', {
          Authorization: `Bearer ${tok.staff}`,
          'Content-Type': `multipart/form-data; boundary=${b}`,
          'Content-Length': opening.length + fieldSize + closing.length,
        }),
        (sent) => (sent === 0 ? opening : filler),
        { maxBytes: opening.length + fieldSize, timeoutMs: 15000, pauseMs: 1 },
      );
      expect(result.stoppedBy).toBe('response');
      expectContractError(answerOf(result.response!), 413, 'FIELD_TOO_LARGE');
      expect(result.bytesSent).toBeLessThan(4 * MiB);
      expect(result.elapsedMs).toBeLessThan(5000);
      await stillUp();
      await nothingStored(before);
    });

    it('answers a chunked upload that never ends with 413 as soon as the file limit is crossed', async () => {
      const before = await snapshot();
      const b = boundary();
      const opening = Buffer.concat([
        multipartBody(b, reportFields(), { omitFinalBoundary: true }),
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="evidence"; filename="endless.png"\r\n` +
            'Content-Type: image/png\r\n\r\n',
        ),
        pngHead(),
      ]);
      const filler = chunk(Buffer.alloc(64 * 1024));
      const result = await streamUntilAnswered(
        port,
        requestHead('POST', '/api/v1/reports', {
          Authorization: `Bearer ${tok.staff}`,
          'Content-Type': `multipart/form-data; boundary=${b}`,
          'Transfer-Encoding': 'chunked',
        }),
        (sent) => (sent === 0 ? chunk(opening) : filler),
        // Up to 64 KiB a millisecond: fast, but slow enough that the bytes counted here are
        // bytes the server has read, not bytes queued in loopback buffers.
        { maxBytes: 64 * MiB, timeoutMs: 20000, pauseMs: 1 },
      );
      expect(result.stoppedBy).toBe('response');
      expectContractError(answerOf(result.response!), 413, 'EVIDENCE_TOO_LARGE');
      // The limit is 10 MiB of file; the answer must not wait for much more than that. The
      // count is of bytes written here, and the answer shares this busy process with the
      // writer: on a loaded machine up to 4 MiB more went out before it was read (14.1 MB
      // seen). A server reading to the end would let all 64 MiB through.
      expect(result.bytesSent).toBeGreaterThan(10 * MiB);
      expect(result.bytesSent).toBeLessThan(16 * MiB);
      expect(result.elapsedMs).toBeLessThan(5000);
      await stillUp();
      await nothingStored(before);
    });

    it('refuses a body whose final boundary is missing with 400', async () => {
      const before = await snapshot();
      const b = boundary();
      const res = await request(t.http)
        .post('/api/v1/reports')
        .set(bearer(tok.staff))
        .set('Content-Type', `multipart/form-data; boundary=${b}`)
        .send(
          multipartBody(b, [...reportFields(), evidencePart(freshPng())], {
            omitFinalBoundary: true,
          }),
        );
      expectContractError(asAnswer(res), 400, 'MULTIPART_MALFORMED');
      await stillUp();
      await nothingStored(before);
    });

    it('refuses deeply nested JSON with 400, not a stack overflow', async () => {
      const before = await snapshot();
      // 5,000 levels is 30 KB, far inside the 256 KB JSON limit.
      const depth = 5_000;
      const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const json = JSON.stringify(
        baseReport(ids.school.OAK, { description: 'PLACEHOLDER' }),
      ).replace('"PLACEHOLDER"', nested);
      const answers: Record<string, number> = {};
      for (const [path, token, body] of [
        ['/api/v1/reports', tok.staff, json],
        [`/api/v1/cases/${target.id}/notes`, tok.head, `{"body":${nested}}`],
        ['/api/v1/auth/login', '', `{"email":${nested},"password":"x"}`],
      ]) {
        const res = await request(t.http)
          .post(path)
          .set(token ? bearer(token) : {})
          .set('Content-Type', 'application/json')
          .send(body);
        answers[path] = res.status;
        expect(res.text).not.toMatch(/RangeError|at .*\.js:\d+/);
      }
      expect(answers).toEqual({
        '/api/v1/reports': 400,
        [`/api/v1/cases/${target.id}/notes`]: 400,
        '/api/v1/auth/login': 400,
      });
      await stillUp();
      await nothingStored(before);
    });

    it.each([
      ['multipart without a boundary', 'multipart/form-data', 'x', 400],
      ['multipart with an empty boundary', 'multipart/form-data; boundary=', 'x', 400],
      ['a text/plain body', 'text/plain', 'hello', 415],
      ['malformed JSON', 'application/json', '{"schoolId":', 400],
      ['a JSON array', 'application/json', '[1,2,3]', 400],
      ['JSON over 256 KB', 'application/json', `{"description":"${'x'.repeat(300_000)}"}`, 413],
    ])('refuses %s cleanly', async (_, contentType, body, status) => {
      const before = await snapshot();
      const res = await request(t.http)
        .post('/api/v1/reports')
        .set(bearer(tok.staff))
        .set('Content-Type', contentType)
        .send(body);
      expectContractError(asAnswer(res), status);
      expect(res.text).not.toContain('xxxxxxxxxx');
      await stillUp();
      await nothingStored(before);
    });

    // A Map, not an object literal: in a literal `__proto__: ...` sets the prototype instead.
    const PROTO_KEYS = new Map([
      ['__proto__', '"__proto__":{"role":"admin","polluted":"yes"}'],
      ['constructor', '"constructor":{"prototype":{"polluted":"yes"}}'],
    ]);
    const withKey = (body: object, key: '__proto__' | 'constructor') =>
      JSON.stringify(body).replace(/}$/, `,${PROTO_KEYS.get(key)}}`);

    it('pollutes no prototype with __proto__ or constructor keys, in JSON or multipart', async () => {
      const before = await snapshot();
      for (const key of ['__proto__', 'constructor'] as const) {
        await request(t.http)
          .post('/api/v1/reports')
          .set(bearer(tok.staff))
          .set('Content-Type', 'application/json')
          .send(withKey({ description: 'x' }, key));
        const asForm = await sendMultipart('/api/v1/reports', tok.staff, [
          ...reportFields(),
          { name: key, value: 'polluted' },
        ]);
        expectContractError(asAnswer(asForm), 400);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).role).toBeUndefined();
      await stillUp();
      await nothingStored(before);
    });

    it.each([
      ['POST /reports', '__proto__'],
      ['POST /reports', 'constructor'],
      ['POST /cases/:id/notes', '__proto__'],
      ['POST /auth/login', 'constructor'],
    ] as const)(
      '%s refuses a JSON %s key with 400, as it refuses any unknown field',
      async (route, key) => {
        const before = await snapshot();
        const send = {
          'POST /reports': () =>
            request(t.http)
              .post('/api/v1/reports')
              .set(bearer(tok.staff))
              .set('Content-Type', 'application/json')
              .send(withKey(baseReport(ids.school.OAK), key)),
          'POST /cases/:id/notes': () =>
            request(t.http)
              .post(`/api/v1/cases/${target.id}/notes`)
              .set(bearer(tok.head))
              .set('Content-Type', 'application/json')
              .send(withKey({ body: 'A note.' }, key)),
          'POST /auth/login': () =>
            request(t.http)
              .post('/api/v1/auth/login')
              .set('Content-Type', 'application/json')
              .send(withKey({ email: 'staff@oak.example', password: DEMO_PASSWORD }, key)),
        }[route];
        const res = await send();
        await stillUp();
        expectContractError(asAnswer(res), 400);
        await nothingStored(before);
      },
    );
  });

  describe('mass assignment', () => {
    const EXTRA: Record<string, string | number> = {
      status: 'closed',
      ownerUserId: '00000000-0000-4000-8000-000000000001',
      role: 'headteacher',
      reference: 'OAK-2026-9999',
      version: 99,
      reportedAt: '2020-01-01T00:00:00.000Z',
    };
    type Sender = (extra: Record<string, string | number>) => request.Test;
    const endpoints: Array<[string, Sender, string[]]> = [
      [
        'POST /reports (JSON)',
        (extra) =>
          request(t.http)
            .post('/api/v1/reports')
            .set(bearer(tok.staff))
            .send({ ...baseReport(ids.school.OAK), ...extra }),
        Object.keys(EXTRA),
      ],
      [
        'POST /reports (multipart)',
        (extra) =>
          fileReport(t, tok.staff, { ...baseReport(ids.school.OAK), ...mapValues(extra) }, [
            { name: 'm.png', bytes: freshPng() },
          ]),
        Object.keys(EXTRA),
      ],
      [
        'POST /cases/:id/evidence (multipart)',
        (extra) => {
          let req = request(t.http)
            .post(`/api/v1/cases/${target.id}/evidence`)
            .set(bearer(tok.staff));
          for (const [k, v] of Object.entries(extra)) req = req.field(k, String(v));
          return req.attach('evidence', freshPng(), {
            filename: 'e.png',
            contentType: 'image/png',
          });
        },
        Object.keys(EXTRA),
      ],
      [
        'POST /cases/:id/transitions',
        (extra) =>
          request(t.http)
            .post(`/api/v1/cases/${target.id}/transitions`)
            .set(bearer(tok.head))
            .send({ to: 'investigating', version: 1, classification: 'conduct_breach', ...extra }),
        // `version` is a real field of a transition (the optimistic lock).
        Object.keys(EXTRA).filter((k) => k !== 'version'),
      ],
      [
        'POST /cases/:id/notes',
        (extra) =>
          request(t.http)
            .post(`/api/v1/cases/${target.id}/notes`)
            .set(bearer(tok.head))
            .send({ body: 'Spoke to the member of staff.', ...extra }),
        Object.keys(EXTRA),
      ],
      [
        'POST /cases/:id/hr-advice',
        (extra) =>
          request(t.http)
            .post(`/api/v1/cases/${awaitingHr.id}/hr-advice`)
            .set(bearer(tok.hr))
            .send({ advice: 'Management advice is enough.', ...extra }),
        Object.keys(EXTRA),
      ],
      [
        'POST /cases/:id/referrals',
        (extra) =>
          request(t.http)
            .post(`/api/v1/cases/${target.id}/referrals`)
            .set(bearer(tok.head))
            .send({ agency: 'platform', referredAt: '2026-11-02T10:00:00.000Z', ...extra }),
        // `reference` is a real field of a referral (the agency's own reference).
        Object.keys(EXTRA).filter((k) => k !== 'reference'),
      ],
      [
        'POST /auth/login',
        (extra) =>
          request(t.http)
            .post('/api/v1/auth/login')
            .send({ email: 'staff@oak.example', password: DEMO_PASSWORD, ...extra }),
        Object.keys(EXTRA),
      ],
    ];
    const cases = endpoints.flatMap(([name, send, fields]) =>
      fields.map((field) => [name, field, send] as const),
    );

    it.each(cases)('%s refuses a client-chosen %s with 400', async (_, field, send) => {
      const before = await snapshot();
      const res = await send({ [field]: EXTRA[field] });
      expectContractError(asAnswer(res), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(res.body.message)).toContain(`${field} should not exist`);
      await stillUp();
      await nothingStored(before);
    });

    it.each(endpoints.map(([name, send]) => [name, send] as const))(
      '%s accepts the same body without the extra field (so the 400 was the field)',
      async (_, send) => {
        const res = await send({});
        expect([200, 201]).toContain(res.status);
      },
    );
  });

  describe("another case's or another school's ids", () => {
    const missing = () => randomUUID();
    type Probe = (id: string) => request.Test;
    const validTransition = { to: 'investigating', version: 1, classification: 'conduct_breach' };
    const probes: Array<[string, string, Probe, () => string[]]> = [
      [
        'GET /cases/:id',
        'head',
        (id) => request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.head)),
        () => [elm.id, aboutHead.id, target.evidenceId],
      ],
      [
        'GET /cases/:id (ELM head on an OAK case)',
        'headElm',
        (id) => request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tok.headElm)),
        () => [target.id, aboutHead.id],
      ],
      [
        'POST /cases/:id/transitions',
        'head',
        (id) =>
          request(t.http)
            .post(`/api/v1/cases/${id}/transitions`)
            .set(bearer(tok.head))
            .send(validTransition),
        () => [elm.id, aboutHead.id, target.evidenceId],
      ],
      [
        'POST /cases/:id/notes',
        'head',
        (id) =>
          request(t.http)
            .post(`/api/v1/cases/${id}/notes`)
            .set(bearer(tok.head))
            .send({ body: 'A note.' }),
        () => [elm.id, aboutHead.id, target.evidenceId],
      ],
      [
        'POST /cases/:id/hr-advice',
        'hr',
        (id) =>
          request(t.http)
            .post(`/api/v1/cases/${id}/hr-advice`)
            .set(bearer(tok.hr))
            .send({ advice: 'Advice.' }),
        () => [elm.id, target.id, aboutHead.id],
      ],
      [
        'POST /cases/:id/referrals',
        'head',
        (id) =>
          request(t.http)
            .post(`/api/v1/cases/${id}/referrals`)
            .set(bearer(tok.head))
            .send({ agency: 'lado', referredAt: '2026-11-02T10:00:00.000Z' }),
        () => [elm.id, aboutHead.id, target.evidenceId],
      ],
      [
        'POST /cases/:id/evidence (owner of another case)',
        'head',
        (id) =>
          request(t.http)
            .post(`/api/v1/cases/${id}/evidence`)
            .set(bearer(tok.head))
            .attach('evidence', freshPng(), { filename: 'x.png', contentType: 'image/png' }),
        () => [elm.id, aboutHead.id, target.evidenceId],
      ],
      [
        'POST /cases/:id/evidence (staff on a case they did not report)',
        'staff',
        (id) =>
          request(t.http)
            .post(`/api/v1/cases/${id}/evidence`)
            .set(bearer(tok.staff))
            .attach('evidence', freshPng(), { filename: 'x.png', contentType: 'image/png' }),
        () => [elm.id, aboutHead.id],
      ],
      [
        'GET /evidence/:id/content',
        'head',
        (id) => request(t.http).get(`/api/v1/evidence/${id}/content`).set(bearer(tok.head)),
        () => [elm.evidenceId, aboutHead.evidenceId, target.id],
      ],
      [
        'GET /evidence/:id/content (HR before any referral)',
        'hr',
        (id) => request(t.http).get(`/api/v1/evidence/${id}/content`).set(bearer(tok.hr)),
        () => [elm.evidenceId, target.evidenceId],
      ],
      [
        'GET /cases/:id/case-file.pdf',
        'head',
        (id) =>
          request(t.http).get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`).set(bearer(tok.head)),
        () => [elm.id, aboutHead.id, target.evidenceId],
      ],
      [
        'GET /cases/:id/case-file.pdf (HR before any referral)',
        'hr',
        (id) =>
          request(t.http).get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`).set(bearer(tok.hr)),
        () => [elm.id, target.id],
      ],
    ];

    it.each(probes)(
      '%s answers 404 exactly as for an id that does not exist',
      async (_, __, probe, hidden) => {
        const before = await snapshot();
        const absent = await probe(missing());
        expectContractError(asAnswer(absent), 404, 'NOT_FOUND');
        for (const id of hidden()) {
          const res = await probe(id);
          expect({ id, status: res.status, body: res.body }).toEqual({
            id,
            status: 404,
            body: absent.body,
          });
        }
        await stillUp();
        await nothingStored(before);
      },
    );
  });

  describe('malformed ids', () => {
    const long = 'a'.repeat(8_000);
    const ids_ = [
      ['an encoded ../../etc/passwd', encodeURIComponent('../../etc/passwd')],
      ['a raw ../../etc/passwd', '../../etc/passwd'],
      ['an encoded NUL', '%00'],
      ['an id with an encoded NUL after a uuid', `${randomUUID()}%00`],
      ['a SQL fragment', encodeURIComponent("' OR '1'='1' --")],
      ['broken percent-encoding', '%E0%A4%A'],
      ['a lone percent sign', '%'],
      ['8,000 characters', long],
    ] as const;
    const routes = [
      ['GET', (x: string) => `/api/v1/cases/${x}`, 'head', undefined],
      [
        'POST',
        (x: string) => `/api/v1/cases/${x}/transitions`,
        'head',
        '{"to":"investigating","version":1,"classification":"conduct_breach"}',
      ],
      ['POST', (x: string) => `/api/v1/cases/${x}/notes`, 'head', '{"body":"A note."}'],
      ['POST', (x: string) => `/api/v1/cases/${x}/hr-advice`, 'hr', '{"advice":"Advice."}'],
      [
        'POST',
        (x: string) => `/api/v1/cases/${x}/referrals`,
        'head',
        '{"agency":"lado","referredAt":"2026-11-02T10:00:00.000Z"}',
      ],
      ['GET', (x: string) => `/api/v1/evidence/${x}/content`, 'head', undefined],
      ['GET', (x: string) => `/api/v1/evidence/${x}/view`, 'head', undefined],
      [
        'POST',
        (x: string) => `/api/v1/cases/${x}/merge`,
        'head',
        '{"mergeCaseId":"00000000-0000-4000-8000-000000000000","reason":"Same post","version":1,"mergeCaseVersion":1}',
      ],
      ['GET', (x: string) => `/api/v1/cases/${x}/case-file.pdf?variant=hr`, 'head', undefined],
      ['GET', (x: string) => `/api/v1/schools/${x}/policy`, 'head', undefined],
    ] as const;

    it.each(ids_)(
      'answers %s with 400 or 404 in the contract shape on every route',
      async (_, id) => {
        const before = await snapshot();
        const problems: string[] = [];
        for (const [method, path, who, body] of routes) {
          const headers: Record<string, string | number> = {
            Authorization: `Bearer ${tok[who]}`,
            Connection: 'close',
          };
          if (body) {
            headers['Content-Type'] = 'application/json';
            headers['Content-Length'] = Buffer.byteLength(body);
          }
          const raw = await sendRaw(port, [
            requestHead(method, path(id), headers),
            Buffer.from(body ?? ''),
          ]);
          const answer = answerOf(raw);
          try {
            expectContractError(answer, [400, 404]);
          } catch {
            problems.push(
              `${method} ${path(id).slice(0, 80)} -> ${raw.status} ${raw.text.slice(0, 160)}`,
            );
          }
        }
        expect(problems).toEqual([]);
        await stillUp();
        await nothingStored(before);
      },
    );

    it('leaves a request line over the header limit to Node (431) and stays up', async () => {
      const raw = await sendRaw(
        port,
        requestHead('GET', `/api/v1/cases/${'a'.repeat(64 * 1024)}`, {
          Authorization: `Bearer ${tok.head}`,
          Connection: 'close',
        }),
      );
      expect(raw.status).toBe(431);
      await stillUp();
    });

    it('refuses a schoolId of ../../etc/passwd in a report with 400', async () => {
      const before = await snapshot();
      const res = await request(t.http)
        .post('/api/v1/reports')
        .set(bearer(tok.staff))
        .send(baseReport('../../etc/passwd'));
      expectContractError(asAnswer(res), 400, 'VALIDATION_FAILED');
      await stillUp();
      await nothingStored(before);
    });
  });
});

/** Multipart field values are strings. */
function mapValues(extra: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)]));
}
