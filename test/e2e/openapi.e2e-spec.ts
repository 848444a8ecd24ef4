import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { ERROR_CODES } from '../../src/common/errors/error-codes.js';
import { requireBuild, ROOT, Running, startApp } from '../support/spawned-app.js';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema: { format?: string } }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  requestBody?: { content: Record<string, { encoding?: Record<string, unknown> }> };
}
interface Schema {
  $ref?: string;
  allOf?: Schema[];
  enum?: string[];
  properties?: Record<string, Schema>;
}
interface Document {
  openapi: string;
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, object> };
}

const OFFLINE = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** The document the built app serves: what users and client generators really get. */
describe('the OpenAPI document', () => {
  let app: Running;
  let dataDir: string;
  let doc: Document;
  let docPath: string;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        id: `${method.toUpperCase()} ${path}`,
        method,
        op,
      })),
    );

  beforeAll(async () => {
    requireBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'cases-openapi-'));
    app = await startApp({ DATA_DIR: dataDir });
    doc = (await (await fetch(`${app.url}/api/docs-json`)).json()) as Document;
    docPath = join(dataDir, 'openapi.json');
    writeFileSync(docPath, JSON.stringify(doc));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules with no error", () => {
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/redocly'),
      ['lint', '--config', join(ROOT, 'redocly.yaml'), '--format=json', docPath],
      { encoding: 'utf8', env: OFFLINE, timeout: 60000 },
    );
    const report = JSON.parse(run.stdout) as {
      problems: {
        severity: string;
        ruleId: string;
        message: string;
        location: { pointer: string }[];
      }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('gives every operation a summary, a declared tag and its error answers in one shape', () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    const problems: string[] = [];
    expect(operations().length).toBeGreaterThanOrEqual(15);
    for (const { id, op } of operations()) {
      if (!op.summary?.trim()) problems.push(`${id}: no summary`);
      if (!op.tags?.length || !op.tags.every((t) => tags.has(t))) problems.push(`${id}: tag`);
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      if (errors.length === 0) problems.push(`${id}: no error responses`);
      for (const [status, response] of errors) {
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorResponse') problems.push(`${id} ${status}: ${ref}`);
      }
      const secured = (op.security ?? []).length > 0;
      if (secured && !op.responses['401']) problems.push(`${id}: secured but no 401`);
      if (
        !id.includes('/health') &&
        !op.responses['200'] &&
        !op.responses['201'] &&
        !op.responses['202'] &&
        !op.responses['204']
      ) {
        problems.push(`${id}: no success response`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives ErrorResponse.code as an enum of every code the app throws', () => {
    const code = doc.components.schemas.ErrorResponse.properties!.code;
    const ref = (code.allOf?.[0] ?? code).$ref;
    const enumSchema = ref ? doc.components.schemas[ref.split('/').pop()!] : code;
    expect([...enumSchema.enum!].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('describes the security schemes as the guards apply them', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'opaque' },
      session: { type: 'apiKey', in: 'cookie', name: 'sid' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    });
    const byId = new Map(operations().map((o) => [o.id, o.op]));
    expect(byId.get('POST /api/v1/auth/login')!.security).toEqual([]);
    expect(byId.get('GET /api/v1/cases')!.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(byId.get('POST /api/v1/reports')!.security).toEqual([
      { bearer: [] },
      { session: [], csrf: [] },
    ]);
  });

  it('gives ids, instants and counts their formats, closed vocabularies enums, uploads encodings', () => {
    const caseDetail = doc.components.schemas.CaseDetailResponse.properties!;
    expect(caseDetail.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(caseDetail.reportedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(caseDetail.version).toMatchObject({ type: 'integer' });
    expect(doc.components.schemas.CaseStatus.enum).toContain('investigating');
    expect(doc.components.schemas.Platform.enum).toContain('facebook');
    for (const { id, op } of operations()) {
      for (const p of (op.parameters ?? []).filter((p) => p.in === 'path')) {
        expect(`${id} ${p.name} ${p.schema.format}`).toBe(`${id} ${p.name} uuid`);
      }
    }
    const report = doc.paths['/api/v1/reports'].post.requestBody!.content;
    expect(report['multipart/form-data'].encoding).toHaveProperty('evidence.contentType');
    expect(report['application/json'].encoding).toBeUndefined();
    const pdf = doc.paths['/api/v1/cases/{id}/case-file.pdf'].get.responses['200'];
    expect(pdf.content).toEqual({
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    });
  });

  it('generates a TypeScript client that type-checks and files a report, then reads its case', () => {
    const dir = join(ROOT, 'test-output', `openapi-client-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const generate = spawnSync(
        join(ROOT, 'node_modules/.bin/openapi-typescript'),
        // A default (false) does not make a request field required.
        [docPath, '--default-non-nullable=false', '--output', join(dir, 'api.ts')],
        { encoding: 'utf8', env: OFFLINE, timeout: 60000 },
      );
      expect(generate.stderr).not.toMatch(/error/i);
      expect(generate.status).toBe(0);
      writeFileSync(join(dir, 'client.ts'), CLIENT_PROGRAM);
      const program = ts.createProgram([join(dir, 'client.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2023,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        types: ['node'],
        skipLibCheck: true,
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
      // Node 24 runs the type-checked program as it is (types stripped) against the app.
      const run = spawnSync(process.execPath, [join(dir, 'client.ts')], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, API_URL: app.url },
        timeout: 30000,
      });
      expect(
        run.stderr
          .replace(/^.*ExperimentalWarning.*$|^\(Use `node --trace-warnings.*$/gm, '')
          .trim(),
      ).toBe('');
      expect(run.stdout.trim()).toMatch(/^filed OAK-\d{4}-\d{4}, read back: reported$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A small program a client author would write. The @ts-expect-error lines make the check able
 * to fail: if the generated types were loose (any), those lines would be errors themselves.
 */
const CLIENT_PROGRAM = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api.ts';

type CaseDetail = components['schemas']['CaseDetailResponse'];

const api = createClient<paths>({ baseUrl: process.env.API_URL });

const login = await api.POST('/api/v1/auth/login', {
  body: { email: 'staff@oak.example', password: 'demo-pass-2026' },
});
if (!login.data) throw new Error('login failed: ' + JSON.stringify(login.error));
const headers = { Authorization: 'Bearer ' + login.data.accessToken };
const schoolId: string = login.data.user.memberships[0].schoolId;

const filed = await api.POST('/api/v1/reports', {
  headers,
  body: {
    schoolId,
    type: 'online_abuse',
    description: 'A parent posted threats about a teacher on Facebook.',
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    subjectRelationship: 'parent',
    platform: 'facebook',
  },
});
if (!filed.data) throw new Error('report refused: ' + JSON.stringify(filed.error));
const created: CaseDetail = filed.data;

const read = await api.GET('/api/v1/cases/{id}', { headers, params: { path: { id: created.id } } });
if (read.error) {
  // Errors are typed too: one shape, a closed set of codes.
  const code: components['schemas']['ErrorCode'] | undefined = read.error.code;
  throw new Error('read failed: ' + code);
}
const status: 'reported' | 'investigating' | 'hr_advice' | string = read.data.status;
console.log('filed ' + created.reference + ', read back: ' + status);

function neverCalled(): void {
  void api.POST('/api/v1/reports', {
    headers,
    body: {
      schoolId,
      // @ts-expect-error: 'gossip' is not a report type
      type: 'gossip',
      description: 'x',
      occurredAt: '',
      subjectRelationship: 'parent',
      platform: 'facebook',
    },
  });
  // @ts-expect-error: a case has no such field
  void created.secretNotes;
  // @ts-expect-error: the version is a number
  const version: string = created.version;
  void version;
}
void neverCalled;
`;
