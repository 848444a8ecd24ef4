import request from 'supertest';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { School } from '../../src/schools/school.entity.js';
import { User } from '../../src/users/user.entity.js';
import { bearer, TestApp } from './test-app.js';

export interface DemoIds {
  school: Record<'OAK' | 'ELM', string>;
  user: (email: string) => string;
}

export async function demoIds(t: TestApp): Promise<DemoIds> {
  const schools = await t.dataSource.getRepository(School).find();
  const users = await t.dataSource.getRepository(User).find();
  const school = Object.fromEntries(schools.map((s) => [s.code, s.id])) as Record<
    'OAK' | 'ELM',
    string
  >;
  const byEmail = new Map(users.map((u) => [u.email, u.id]));
  return {
    school,
    user: (email) => {
      const id = byEmail.get(email);
      if (!id) throw new Error(`no demo user ${email}`);
      return id;
    },
  };
}

export interface EvidenceFile {
  name: string;
  bytes: Buffer;
  contentType?: string;
  capturedAt?: string;
}

/** Files a report as the web form does (multipart), or as JSON when there are no files and json is set. */
export function fileReport(
  t: TestApp,
  token: string,
  fields: Record<string, string | string[] | boolean>,
  files: EvidenceFile[] = [],
) {
  let req = request(t.http).post('/api/v1/reports').set(bearer(token));
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) req = req.field(key, String(v));
  }
  for (const f of files) {
    if (f.capturedAt) req = req.field('evidenceCapturedAt', f.capturedAt);
    req = req.attach('evidence', f.bytes, {
      filename: f.name,
      contentType: f.contentType ?? 'image/png',
    });
  }
  return req;
}

export function baseReport(
  schoolId: string,
  overrides: Record<string, string | string[] | boolean> = {},
) {
  return {
    schoolId,
    type: 'policy_breach',
    clauseCodes: ['SM-05'],
    description: 'A member of staff posted rude comments about the school on Facebook.',
    occurredAt: '2026-11-01T18:30:00.000Z',
    subjectName: 'Tom Reed',
    subjectRelationship: 'staff',
    aboutHeadteacher: 'no',
    platform: 'facebook',
    postUrl: 'https://www.facebook.com/some/post/1',
    safeguarding: false,
    confidentialReporter: false,
    ...overrides,
  };
}

/** Every file under a directory, recursively (empty when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
