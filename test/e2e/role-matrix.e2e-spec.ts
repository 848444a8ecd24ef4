import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import request from 'supertest';
import { png } from '../support/sample-files.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const ACTORS = [
  'anon',
  'staff',
  'staff2',
  'head',
  'dsl',
  'chair',
  'governor',
  'admin',
  'hr',
  'headElm',
] as const;
type ActorName = (typeof ACTORS)[number];
const EMAIL: Record<Exclude<ActorName, 'anon'>, string> = {
  staff: 'staff@oak.example', // reported the case
  staff2: 'staff2@oak.example',
  head: 'head@oak.example', // owns it
  dsl: 'dsl@oak.example', // the school's safeguarding lead: not this case's owner
  chair: 'chair@oak.example',
  governor: 'governor@oak.example',
  admin: 'admin@oak.example',
  hr: 'hr@council.example', // advised on it
  headElm: 'head@elm.example', // another school
};

/** Expected status per caller, in ACTORS order. */
type Row = [number, number, number, number, number, number, number, number, number, number];

interface Case {
  route: string; // "METHOD /path/:param" exactly as the controller declares it
  path: (ids: Fixture) => string;
  send?: (ids: Fixture, actor: ActorName) => Record<string, unknown>;
  multipart?: boolean;
  expect: Row;
}

interface Fixture extends DemoIds {
  caseId: string;
  evidenceId: string;
  pdfSha: string;
}

const PNG = png(10, 10);
/** A person who exists nowhere. */
const NOBODY = '00000000-0000-4000-8000-000000000016';

//                                     anon staff staff2 head dsl chair gov admin  hr  headElm
const CASES: Case[] = [
  {
    route: 'GET /api/v1/health',
    path: () => '/api/v1/health',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /api/v1/health/live',
    path: () => '/api/v1/health/live',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /api/v1/health/ready',
    path: () => '/api/v1/health/ready',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /api/v1/auth/me',
    path: () => '/api/v1/auth/me',
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'PUT /api/v1/auth/me/language',
    path: () => '/api/v1/auth/me/language',
    // A language nobody speaks here: every signed-in caller reaches the check, nothing changes.
    send: () => ({ language: 'fr' }),
    expect: [401, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /api/v1/auth/login',
    path: () => '/api/v1/auth/login',
    send: (_, actor) => ({ email: `nobody-api-${actor}@oak.example`, password: 'x' }),
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/policy',
    path: (f) => `/api/v1/schools/${f.school.OAK}/policy`,
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404],
  },
  {
    route: 'POST /api/v1/schools/:schoolId/policy/versions',
    path: (f) => `/api/v1/schools/${f.school.OAK}/policy/versions`,
    send: () => ({
      approvedBy: 'Full governing body',
      approvedOn: '2025-09-01',
      reviewDue: '2027-09-01',
      // SM-05 stays: later rows file reports citing it.
      clauses: [
        { code: 'SM-01', title: 'A clause title' },
        { code: 'SM-05', title: 'Rude or threatening comments about the school' },
      ],
    }),
    expect: [401, 403, 403, 403, 403, 403, 403, 201, 403, 403],
  },
  {
    // Version 1 is never the approved version in force here: a refusal, after the role check.
    route: 'POST /api/v1/schools/:schoolId/policy/acknowledgements',
    path: (f) => `/api/v1/schools/${f.school.OAK}/policy/acknowledgements`,
    send: () => ({ version: 1 }),
    expect: [401, 409, 409, 409, 409, 403, 403, 409, 403, 404],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/policy/acknowledgements',
    path: (f) => `/api/v1/schools/${f.school.OAK}/policy/acknowledgements`,
    expect: [401, 403, 403, 200, 403, 403, 403, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/schools/:schoolId/policy/proposals',
    path: (f) => `/api/v1/schools/${f.school.OAK}/policy/proposals`,
    send: () => ({
      text: '1. Staff must not post about pupils.\n2. Staff must not friend parents.',
    }),
    expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'GET /api/v1/audit/verify',
    path: () => '/api/v1/audit/verify',
    expect: [401, 403, 403, 200, 403, 403, 403, 200, 403, 200],
  },
  {
    route: 'POST /api/v1/reports',
    path: () => '/api/v1/reports',
    send: (f) => ({ ...baseReport(f.school.OAK), clauseCodes: ['SM-05'] }),
    expect: [401, 201, 201, 201, 201, 201, 201, 201, 201, 404],
  },
  {
    route: 'GET /api/v1/cases',
    path: () => '/api/v1/cases',
    expect: [401, 200, 200, 200, 200, 200, 200, 403, 200, 200],
  },
  {
    route: 'GET /api/v1/cases/:id',
    path: (f) => `/api/v1/cases/${f.caseId}`,
    expect: [401, 200, 404, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/transitions',
    path: (f) => `/api/v1/cases/${f.caseId}/transitions`,
    send: () => ({ to: 'closed', version: 999 }),
    expect: [401, 403, 404, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/hearing-record',
    path: (f) => `/api/v1/cases/${f.caseId}/hearing-record`,
    send: () => ({
      heldAt: '2026-01-01T10:00:00.000Z',
      companion: 'none',
      notes: 'matrix hearing notes',
      version: 999,
    }),
    expect: [401, 403, 404, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/notes',
    path: (f) => `/api/v1/cases/${f.caseId}/notes`,
    send: () => ({ body: 'matrix note' }),
    expect: [401, 403, 403, 201, 404, 404, 404, 403, 201, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/similar-evidence',
    path: (f) => `/api/v1/cases/${f.caseId}/similar-evidence`,
    expect: [401, 403, 403, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/messages',
    path: (f) => `/api/v1/cases/${f.caseId}/messages`,
    expect: [401, 200, 404, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/messages',
    path: (f) => `/api/v1/cases/${f.caseId}/messages`,
    send: () => ({ body: 'matrix message' }),
    expect: [401, 201, 404, 201, 404, 404, 404, 403, 201, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/hr-advice',
    path: (f) => `/api/v1/cases/${f.caseId}/hr-advice`,
    send: () => ({ advice: 'late advice' }),
    expect: [401, 403, 403, 403, 403, 403, 403, 403, 409, 403],
  },
  {
    route: 'POST /api/v1/cases/:id/referrals',
    path: (f) => `/api/v1/cases/${f.caseId}/referrals`,
    send: () => ({ agency: 'platform', referredAt: '2026-11-02T10:00:00.000Z' }),
    expect: [401, 403, 403, 201, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/evidence',
    path: (f) => `/api/v1/cases/${f.caseId}/evidence`,
    multipart: true,
    expect: [401, 201, 404, 201, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/handover',
    path: (f) => `/api/v1/cases/${f.caseId}/handover`,
    send: (f) => ({ toUserId: f.user('chair@oak.example'), reason: 'a conflict', version: 999 }),
    expect: [401, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/panel',
    path: (f) => `/api/v1/cases/${f.caseId}/panel`,
    send: (f) => ({ memberIds: [f.user('governor@oak.example')], version: 999 }),
    expect: [401, 403, 403, 403, 403, 404, 403, 403, 403, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/legal-holds',
    path: (f) => `/api/v1/cases/${f.caseId}/legal-holds`,
    // The owner and the school's admin; the admin sees the holds, never the case.
    expect: [401, 403, 403, 200, 404, 404, 404, 200, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/legal-holds',
    path: (f) => `/api/v1/cases/${f.caseId}/legal-holds`,
    send: () => ({ reason: 'Employment tribunal claim 12345' }),
    expect: [401, 403, 403, 201, 404, 404, 404, 201, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/legal-holds/:holdId/lift',
    path: (f) => `/api/v1/cases/${f.caseId}/legal-holds/${NOBODY}/lift`,
    send: () => ({ reason: 'The claim was withdrawn' }),
    expect: [401, 403, 403, 404, 404, 404, 404, 404, 403, 404],
  },
  {
    // The register: the school's admin, head and chair.
    route: 'POST /api/v1/subject-access-requests',
    path: () => '/api/v1/subject-access-requests',
    send: (f) => ({
      schoolId: f.school.OAK,
      requesterName: 'A requester',
      personName: 'A former pupil',
      receivedOn: '2025-06-02',
    }),
    expect: [401, 403, 403, 201, 403, 201, 403, 201, 403, 404],
  },
  {
    route: 'GET /api/v1/subject-access-requests',
    path: (f) => `/api/v1/subject-access-requests?schoolId=${f.school.OAK}`,
    expect: [401, 403, 403, 200, 403, 200, 403, 200, 403, 404],
  },
  {
    route: 'GET /api/v1/subject-access-requests/:id',
    path: () => `/api/v1/subject-access-requests/${NOBODY}`,
    expect: [401, 403, 403, 404, 403, 404, 403, 404, 403, 404],
  },
  {
    route: 'POST /api/v1/subject-access-requests/:id/extend',
    path: () => `/api/v1/subject-access-requests/${NOBODY}/extend`,
    send: () => ({ months: 1, reason: 'Complex request' }),
    expect: [401, 403, 403, 404, 403, 404, 403, 404, 403, 404],
  },
  {
    // The export is case content: the head or the chair, never the admin.
    route: 'POST /api/v1/subject-access-requests/:id/export',
    path: () => `/api/v1/subject-access-requests/${NOBODY}/export`,
    expect: [401, 403, 403, 404, 403, 404, 403, 403, 403, 404],
  },
  {
    route: 'GET /api/v1/subject-access-requests/:id/export.pdf',
    path: () => `/api/v1/subject-access-requests/${NOBODY}/export.pdf`,
    expect: [401, 403, 403, 404, 403, 404, 403, 403, 403, 404],
  },
  {
    route: 'GET /api/v1/subject-access-requests/:id/export.json',
    path: () => `/api/v1/subject-access-requests/${NOBODY}/export.json`,
    expect: [401, 403, 403, 404, 403, 404, 403, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/subject-access-requests/:id/release',
    path: () => `/api/v1/subject-access-requests/${NOBODY}/release`,
    send: () => ({ exportId: NOBODY, freeTextReviewed: true }),
    expect: [401, 403, 403, 404, 403, 404, 403, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/reclassify',
    path: (f) => `/api/v1/cases/${f.caseId}/reclassify`,
    send: () => ({ classification: 'low_level_concern', reason: 'matrix', version: 999 }),
    expect: [401, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    // The owner's stale copies: refused after every access check, before anything changes.
    route: 'POST /api/v1/cases/:id/merge',
    path: (f) => `/api/v1/cases/${f.caseId}/merge`,
    send: (f) => ({ mergeCaseId: f.caseId, reason: 'matrix', version: 999, mergeCaseVersion: 999 }),
    expect: [401, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/actions',
    path: (f) => `/api/v1/cases/${f.caseId}/actions`,
    send: () => ({ action: 'meeting' }),
    expect: [401, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/support',
    path: (f) => `/api/v1/cases/${f.caseId}/support`,
    send: () => ({ detail: 'matrix support' }),
    expect: [401, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/resignation',
    path: (f) => `/api/v1/cases/${f.caseId}/resignation`,
    send: () => ({ resignedAt: 'not a date' }),
    expect: [401, 403, 403, 400, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /api/v1/cases/:id/letters/outcome/sent',
    path: (f) => `/api/v1/cases/${f.caseId}/letters/outcome/sent`,
    send: () => ({ sentAt: '2099-01-01' }),
    expect: [401, 403, 403, 400, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/low-level-concerns',
    path: (f) => `/api/v1/schools/${f.school.OAK}/low-level-concerns`,
    expect: [401, 403, 403, 200, 200, 403, 403, 403, 403, 404],
  },
  {
    route: 'GET /api/v1/evidence/:id/content',
    path: (f) => `/api/v1/evidence/${f.evidenceId}/content`,
    expect: [401, 403, 403, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    // The same people as a download: the inline view only changes how the image is shown.
    route: 'GET /api/v1/evidence/:id/view',
    path: (f) => `/api/v1/evidence/${f.evidenceId}/view`,
    expect: [401, 403, 403, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/case-file.pdf',
    path: (f) => `/api/v1/cases/${f.caseId}/case-file.pdf?variant=hr`,
    expect: [401, 403, 403, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/case-file.pdf',
    path: (f) => `/api/v1/cases/${f.caseId}/case-file.pdf?variant=governors`,
    expect: [401, 403, 403, 200, 404, 200, 200, 403, 404, 404],
  },
  {
    // The same readers as the HR case file, which lists the files the pack holds.
    route: 'GET /api/v1/cases/:id/evidence-pack.zip',
    path: (f) => `/api/v1/cases/${f.caseId}/evidence-pack.zip`,
    expect: [401, 403, 403, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/invitation-letter.pdf',
    path: (f) => `/api/v1/cases/${f.caseId}/invitation-letter.pdf`,
    // No hearing has been called on the fixture case: its owner and HR hear that it is not ready.
    expect: [401, 404, 404, 409, 404, 404, 404, 403, 409, 404],
  },
  {
    route: 'GET /api/v1/cases/:id/outcome-letter.pdf',
    path: (f) => `/api/v1/cases/${f.caseId}/outcome-letter.pdf`,
    expect: [401, 404, 404, 409, 404, 404, 404, 403, 409, 404],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/settings',
    path: (f) => `/api/v1/schools/${f.school.OAK}/settings`,
    expect: [401, 403, 403, 200, 403, 403, 403, 200, 403, 404],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/termly-report.pdf',
    path: (f) => `/api/v1/schools/${f.school.OAK}/termly-report.pdf`,
    expect: [401, 403, 403, 200, 403, 200, 200, 403, 403, 404],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/termly-report.csv',
    path: (f) => `/api/v1/schools/${f.school.OAK}/termly-report.csv`,
    expect: [401, 403, 403, 200, 403, 200, 200, 403, 403, 404],
  },
  {
    route: 'PUT /api/v1/schools/:schoolId/settings',
    path: (f) => `/api/v1/schools/${f.school.OAK}/settings`,
    send: () => ({
      nation: 'england',
      noticeWorkingDays: 5,
      appealWindowWorkingDays: 10,
      firstWarningMonths: 6,
      finalWarningMonths: 12,
      dismissalByPanel: false,
      llcPatternMonths: 12,
      closureDays: [],
    }),
    expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'GET /api/v1/documents/verify',
    path: (f) => `/api/v1/documents/verify?sha256=${f.pdfSha}`,
    expect: [401, 403, 403, 200, 200, 200, 403, 403, 200, 200],
  },
  // Pages: a signed-out visitor is sent to sign in (303); bearer tokens skip the CSRF form token.
  { route: 'GET /', path: () => '/', expect: [303, 303, 303, 303, 303, 303, 303, 303, 303, 303] },
  {
    route: 'GET /login',
    path: () => '/login',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /reports/new',
    path: () => '/reports/new',
    expect: [303, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /reports/mine',
    path: () => '/reports/mine',
    expect: [303, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /reports/:id/received',
    path: (f) => `/reports/${f.caseId}/received`,
    expect: [303, 200, 404, 200, 404, 404, 404, 404, 200, 404],
  },
  {
    route: 'GET /cases',
    path: () => '/cases',
    expect: [303, 403, 403, 200, 200, 200, 200, 403, 403, 200],
  },
  {
    route: 'GET /hr',
    path: () => '/hr',
    expect: [303, 403, 403, 403, 403, 403, 403, 403, 200, 403],
  },
  {
    route: 'GET /cases/:id',
    path: (f) => `/cases/${f.caseId}`,
    expect: [303, 200, 404, 200, 404, 404, 404, 403, 200, 404],
  },
  {
    route: 'POST /cases/:id/transition',
    path: (f) => `/cases/${f.caseId}/transition`,
    send: () => ({ to: 'closed', version: '999' }),
    expect: [303, 403, 404, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/notes',
    path: (f) => `/cases/${f.caseId}/notes`,
    send: () => ({ body: 'page note' }),
    expect: [303, 403, 403, 303, 404, 404, 404, 403, 303, 404],
  },
  {
    route: 'POST /cases/:id/messages',
    path: (f) => `/cases/${f.caseId}/messages`,
    send: () => ({ body: 'page message' }),
    expect: [303, 303, 404, 303, 404, 404, 404, 403, 303, 404],
  },
  {
    route: 'POST /cases/:id/hr-advice',
    path: (f) => `/cases/${f.caseId}/hr-advice`,
    send: () => ({ advice: 'page advice' }),
    expect: [303, 403, 403, 403, 403, 403, 403, 403, 409, 403],
  },
  {
    route: 'POST /cases/:id/referrals',
    path: (f) => `/cases/${f.caseId}/referrals`,
    send: () => ({ agency: 'police', referredAt: '2026-11-02' }),
    expect: [303, 403, 403, 303, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/evidence',
    path: (f) => `/cases/${f.caseId}/evidence`,
    multipart: true,
    expect: [303, 303, 404, 303, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/handover',
    path: (f) => `/cases/${f.caseId}/handover`,
    send: (f) => ({ toUserId: f.user('chair@oak.example'), reason: 'a conflict', version: '999' }),
    expect: [303, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/panel',
    path: (f) => `/cases/${f.caseId}/panel`,
    send: (f) => ({ memberIds: f.user('governor@oak.example'), version: '999' }),
    expect: [303, 403, 403, 403, 403, 404, 403, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/reclassify',
    path: (f) => `/cases/${f.caseId}/reclassify`,
    send: () => ({ classification: 'low_level_concern', note: 'matrix', version: '999' }),
    expect: [303, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/merge',
    path: (f) => `/cases/${f.caseId}/merge`,
    send: (f) => ({
      mergeCaseId: f.caseId,
      reason: 'matrix',
      version: '999',
      [`version-${f.caseId}`]: '999',
    }),
    expect: [303, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/actions',
    path: (f) => `/cases/${f.caseId}/actions`,
    send: () => ({ action: 'meeting' }),
    expect: [303, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/legal-holds',
    path: (f) => `/cases/${f.caseId}/legal-holds`,
    send: () => ({ reason: 'page hold for a tribunal' }),
    expect: [303, 403, 403, 303, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/legal-holds/:holdId/lift',
    path: (f) => `/cases/${f.caseId}/legal-holds/${NOBODY}/lift`,
    send: () => ({ reason: 'no such hold' }),
    expect: [303, 403, 403, 404, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/support',
    path: (f) => `/cases/${f.caseId}/support`,
    send: () => ({ detail: 'matrix support' }),
    expect: [303, 403, 403, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/resignation',
    path: (f) => `/cases/${f.caseId}/resignation`,
    send: () => ({ resignedAt: 'not a date' }),
    expect: [303, 403, 403, 400, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'GET /notifications',
    path: () => '/notifications',
    expect: [303, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /notifications/read',
    path: () => '/notifications/read',
    send: () => ({}),
    expect: [303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  },
  {
    route: 'GET /governors',
    path: () => '/governors',
    expect: [303, 403, 403, 403, 403, 200, 200, 403, 403, 403],
  },
  {
    route: 'GET /admin',
    path: () => '/admin',
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/audit-check',
    path: () => '/admin/audit-check',
    send: () => ({}),
    expect: [303, 403, 403, 403, 403, 403, 403, 201, 403, 403],
  },
  {
    route: 'POST /admin/policy',
    path: () => '/admin/policy',
    send: (f) => ({
      schoolId: f.school.OAK,
      catalogue: 'SM-01 | A clause title\nSM-05 | Rude or threatening comments about the school',
      approvedBy: 'Full governing body',
      approvedOn: '2025-09-01',
      reviewDue: '2027-09-01',
    }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'POST /reports/new',
    path: () => '/reports/new',
    multipart: true,
    expect: [303, 303, 303, 303, 303, 303, 303, 303, 303, 404],
  },
  {
    route: 'POST /login',
    path: () => '/login',
    send: (_, actor) => ({ email: `nobody-page-${actor}@oak.example`, password: 'x' }),
    // Signed out there is no form token in this request, so CSRF protection refuses it first.
    expect: [403, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
  // People and sign-in (issue 16). Ids that exist nowhere give 404 to the admin, so no caller
  // is deactivated under the matrix's feet.
  {
    route: 'GET /api/v1/schools/:schoolId/sign-in',
    path: (f) => `/api/v1/schools/${f.school.OAK}/sign-in`,
    expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'PUT /api/v1/schools/:schoolId/sign-in',
    path: (f) => `/api/v1/schools/${f.school.OAK}/sign-in`,
    send: () => ({
      enabled: false,
      issuer: 'https://login.example/oak',
      clientId: 'matrix-client',
      clientSecret: 'matrix-secret',
      allowedDomains: ['oak.example'],
      staffForUnknownPeople: false,
    }),
    expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /api/v1/auth/second-factor',
    path: () => '/api/v1/auth/second-factor',
    send: () => ({ challengeToken: 'no-such-challenge', code: '123456' }),
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
  {
    route: 'POST /api/v1/auth/second-factor/passkey-options',
    path: () => '/api/v1/auth/second-factor/passkey-options',
    send: () => ({ challengeToken: 'no-such-challenge' }),
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
  {
    route: 'GET /api/v1/auth/factors',
    path: () => '/api/v1/auth/factors',
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /api/v1/auth/factors/totp',
    path: () => '/api/v1/auth/factors/totp',
    send: () => ({}),
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /api/v1/auth/factors/totp/confirm',
    path: () => '/api/v1/auth/factors/totp/confirm',
    send: () => ({ code: 'abcdef' }),
    expect: [401, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /api/v1/auth/factors/passkeys/options',
    path: () => '/api/v1/auth/factors/passkeys/options',
    send: () => ({}),
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /api/v1/auth/factors/passkeys',
    path: () => '/api/v1/auth/factors/passkeys',
    send: () => ({ ceremonyToken: 'no-such-ceremony', response: {} }),
    expect: [401, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /api/v1/auth/factors/recovery-codes',
    path: () => '/api/v1/auth/factors/recovery-codes',
    send: () => ({}),
    expect: [401, 409, 409, 409, 409, 409, 409, 409, 409, 409],
  },
  {
    route: 'POST /api/v1/auth/password-reset',
    path: () => '/api/v1/auth/password-reset',
    send: (_, actor) => ({ email: `nobody-reset-${actor}@oak.example` }),
    expect: [202, 202, 202, 202, 202, 202, 202, 202, 202, 202],
  },
  {
    route: 'POST /api/v1/auth/password-reset/complete',
    path: () => '/api/v1/auth/password-reset/complete',
    send: () => ({ token: 'no-such-link', password: 'a long enough password' }),
    expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /api/v1/auth/invitation/accept',
    path: () => '/api/v1/auth/invitation/accept',
    send: () => ({ token: 'no-such-link', password: 'a long enough password' }),
    expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'GET /api/v1/schools/:schoolId/people',
    path: (f) => `/api/v1/schools/${f.school.OAK}/people`,
    expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /api/v1/schools/:schoolId/people',
    path: (f) => `/api/v1/schools/${f.school.OAK}/people`,
    send: (_, actor) => ({ email: `matrix-${actor}@oak.example`, name: 'M', roles: ['staff'] }),
    expect: [401, 403, 403, 403, 403, 403, 403, 201, 403, 403],
  },
  {
    route: 'PUT /api/v1/schools/:schoolId/people/:userId/roles',
    path: (f) => `/api/v1/schools/${f.school.OAK}/people/${f.user('governor@oak.example')}/roles`,
    send: () => ({ roles: ['governor'] }),
    expect: [401, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /api/v1/schools/:schoolId/people/:userId/deactivate',
    path: (f) => `/api/v1/schools/${f.school.OAK}/people/${NOBODY}/deactivate`,
    send: () => ({}),
    expect: [401, 403, 403, 403, 403, 403, 403, 404, 403, 403],
  },
  {
    route: 'POST /api/v1/schools/:schoolId/people/:userId/reactivate',
    path: (f) => `/api/v1/schools/${f.school.OAK}/people/${NOBODY}/reactivate`,
    send: () => ({}),
    expect: [401, 403, 403, 403, 403, 403, 403, 404, 403, 403],
  },
  {
    route: 'POST /api/v1/schools/:schoolId/people/import',
    path: (f) => `/api/v1/schools/${f.school.OAK}/people/import`,
    send: () => ({ csv: 'not sent as CSV' }),
    expect: [401, 403, 403, 403, 403, 403, 403, 415, 403, 403],
  },
  {
    route: 'GET /login/sso',
    path: () => '/login/sso',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /login/sso',
    path: () => '/login/sso',
    send: () => ({ email: 'someone@no-provider.example' }),
    expect: [403, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'GET /login/sso/callback',
    path: () => '/login/sso/callback?state=no-such-state&code=x',
    expect: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
  {
    route: 'POST /login/second-factor',
    path: () => '/login/second-factor',
    send: () => ({ challengeToken: 'no-such-challenge', code: '123456' }),
    expect: [403, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  },
  {
    route: 'POST /account/language',
    path: () => '/account/language',
    send: () => ({ language: 'fr' }),
    expect: [303, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'GET /account/second-factor',
    path: () => '/account/second-factor',
    expect: [303, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /account/second-factor/totp',
    path: () => '/account/second-factor/totp',
    send: () => ({}),
    expect: [303, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'GET /account/second-factor/totp/qr.svg',
    path: () => '/account/second-factor/totp/qr.svg',
    expect: [303, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /account/second-factor/totp/confirm',
    path: () => '/account/second-factor/totp/confirm',
    send: () => ({ code: 'abcdef' }),
    expect: [303, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /account/second-factor/passkeys',
    path: () => '/account/second-factor/passkeys',
    send: () => ({ passkeyCeremony: 'no-such-ceremony', passkeyResponse: '{}' }),
    expect: [303, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /account/second-factor/recovery-codes',
    path: () => '/account/second-factor/recovery-codes',
    send: () => ({}),
    expect: [303, 409, 409, 409, 409, 409, 409, 409, 409, 409],
  },
  {
    route: 'GET /admin/schools/:schoolId/settings',
    path: (f) => `/admin/schools/${f.school.OAK}/settings`,
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/settings',
    path: (f) => `/admin/schools/${f.school.OAK}/settings`,
    send: () => ({
      nation: 'england',
      noticeWorkingDays: '5',
      appealWindowWorkingDays: '10',
      firstWarningMonths: '6',
      finalWarningMonths: '12',
      llcPatternMonths: '12',
      closureDays: '',
    }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'GET /admin/schools/:schoolId/subject-access',
    path: (f) => `/admin/schools/${f.school.OAK}/subject-access`,
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/subject-access',
    path: (f) => `/admin/schools/${f.school.OAK}/subject-access`,
    send: () => ({
      requesterName: 'A requester',
      personName: 'A former pupil',
      receivedOn: '2025-06-02',
    }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'POST /cases/:id/hearing-record',
    path: (f) => `/cases/${f.caseId}/hearing-record`,
    send: () => ({
      heldAt: '2026-01-01T10:00',
      companion: 'none',
      notes: 'page hearing notes',
      version: '999',
    }),
    expect: [303, 403, 404, 409, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'POST /cases/:id/letters/outcome/sent',
    path: (f) => `/cases/${f.caseId}/letters/outcome/sent`,
    // The fixture case was decided after this date: the letter cannot have gone before it.
    send: () => ({ sentAt: '2026-01-01' }),
    expect: [303, 403, 403, 400, 404, 404, 404, 403, 403, 404],
  },
  {
    route: 'GET /admin/schools/:schoolId/people',
    path: (f) => `/admin/schools/${f.school.OAK}/people`,
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/people',
    path: (f) => `/admin/schools/${f.school.OAK}/people`,
    send: (_, actor) => ({ email: `page-${actor}@oak.example`, name: 'P', roles: 'staff' }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/people/import',
    path: (f) => `/admin/schools/${f.school.OAK}/people/import`,
    send: () => ({ csv: 'not sent as a form upload' }),
    expect: [303, 403, 403, 403, 403, 403, 403, 415, 403, 403],
  },
  {
    route: 'GET /policy/acknowledge',
    path: () => '/policy/acknowledge',
    expect: [303, 200, 200, 200, 200, 403, 403, 200, 403, 200],
  },
  {
    // Not the version in force: the page is shown again (303 back to it), never recorded.
    route: 'POST /policy/acknowledge',
    path: () => '/policy/acknowledge',
    send: (f) => ({ schoolId: f.school.OAK, version: '1' }),
    expect: [303, 303, 303, 303, 303, 403, 403, 303, 403, 404],
  },
  {
    route: 'GET /policy/acknowledgements',
    path: () => '/policy/acknowledgements',
    expect: [303, 403, 403, 200, 403, 403, 403, 403, 403, 200],
  },
  {
    route: 'GET /admin/schools/:schoolId/policy/import',
    path: (f) => `/admin/schools/${f.school.OAK}/policy/import`,
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/policy/import',
    path: (f) => `/admin/schools/${f.school.OAK}/policy/import`,
    send: () => ({ text: 'not sent as a form upload' }),
    expect: [303, 403, 403, 403, 403, 403, 403, 415, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/policy/import/publish',
    path: (f) => `/admin/schools/${f.school.OAK}/policy/import/publish`,
    send: () => ({
      keep: ['0', '1'],
      code: ['SM-01', 'SM-05'],
      title: ['A clause title', 'Rude or threatening comments about the school'],
      text: ['', ''],
      modelCode: ['', ''],
      approvedBy: 'Full governing body',
      approvedOn: '2025-09-01',
      reviewDue: '2027-09-01',
    }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'GET /admin/schools/:schoolId/people/:userId',
    path: (f) => `/admin/schools/${f.school.OAK}/people/${f.user('governor@oak.example')}`,
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/people/:userId/roles',
    path: (f) => `/admin/schools/${f.school.OAK}/people/${f.user('governor@oak.example')}/roles`,
    send: () => ({ roles: 'governor' }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/people/:userId/deactivate',
    path: (f) => `/admin/schools/${f.school.OAK}/people/${NOBODY}/deactivate`,
    send: () => ({}),
    expect: [303, 403, 403, 403, 403, 403, 403, 404, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/people/:userId/reactivate',
    path: (f) => `/admin/schools/${f.school.OAK}/people/${NOBODY}/reactivate`,
    send: () => ({}),
    expect: [303, 403, 403, 403, 403, 403, 403, 404, 403, 403],
  },
  {
    route: 'GET /admin/schools/:schoolId/sign-in',
    path: (f) => `/admin/schools/${f.school.OAK}/sign-in`,
    expect: [303, 403, 403, 403, 403, 403, 403, 200, 403, 403],
  },
  {
    route: 'POST /admin/schools/:schoolId/sign-in',
    path: (f) => `/admin/schools/${f.school.OAK}/sign-in`,
    send: () => ({
      issuer: 'https://login.example/oak',
      clientId: 'matrix-client',
      allowedDomains: 'oak.example',
    }),
    expect: [303, 403, 403, 403, 403, 403, 403, 303, 403, 403],
  },
  {
    route: 'GET /password/forgot',
    path: () => '/password/forgot',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /password/forgot',
    path: () => '/password/forgot',
    send: (_, actor) => ({ email: `nobody-forgot-${actor}@oak.example` }),
    expect: [403, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  },
  {
    route: 'GET /password/reset',
    path: () => '/password/reset?token=no-such-link',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /password/reset',
    path: () => '/password/reset',
    send: () => ({
      token: 'no-such-link',
      password: 'long enough 2026',
      confirm: 'long enough 2026',
    }),
    expect: [403, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'GET /invitation',
    path: () => '/invitation?token=no-such-link',
    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    route: 'POST /invitation',
    path: () => '/invitation',
    send: () => ({
      token: 'no-such-link',
      password: 'long enough 2026',
      confirm: 'long enough 2026',
    }),
    expect: [403, 400, 400, 400, 400, 400, 400, 400, 400, 400],
  },
  {
    route: 'POST /api/v1/auth/logout',
    path: () => '/api/v1/auth/logout',
    send: () => ({}),
    expect: [401, 204, 204, 204, 204, 204, 204, 204, 204, 204],
  },
  {
    route: 'POST /logout',
    path: () => '/logout',
    send: () => ({}),
    expect: [303, 303, 303, 303, 303, 303, 303, 303, 303, 303],
  },
];

describe('role matrix: every route x every caller', () => {
  let t: TestApp;
  let f: Fixture;
  const tokens = {} as Record<ActorName, string | null>;

  async function signInAll() {
    tokens.anon = null;
    for (const [name, email] of Object.entries(EMAIL))
      tokens[name as ActorName] = await t.login(email);
  }

  beforeAll(async () => {
    t = await createTestApp();
    await signInAll();
    const ids = await demoIds(t);
    // A decided case at OAK: reported by staff, owned by the head, advised on by HR.
    const filed = await fileReport(
      t,
      tokens.staff!,
      baseReport(ids.school.OAK, { description: 'MATRIX-SECRET text about a post.' }),
      [{ name: 'a.png', bytes: PNG }],
    ).expect(201);
    const caseId = filed.body.id as string;
    const move = (token: string, body: Record<string, unknown>) =>
      request(t.http)
        .post(`/api/v1/cases/${caseId}/transitions`)
        .set(bearer(token))
        .send(body)
        .expect(200);
    let c = (
      await move(tokens.head!, {
        to: 'investigating',
        version: 1,
        classification: 'conduct_breach',
      })
    ).body;
    c = (await move(tokens.head!, { to: 'hr_advice', version: c.version, hrQuestion: 'q' })).body;
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/hr-advice`)
      .set(bearer(tokens.hr!))
      .send({ advice: 'a' })
      .expect(201);
    c = (await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(tokens.head!))).body;
    c = (
      await move(tokens.head!, {
        to: 'outcome',
        version: c.version,
        finding: 'unfounded',
        sanction: 'none',
        rationale: 'r',
        governorSummary: 'g',
      })
    ).body;
    const pdf = await request(t.http)
      .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=governors`)
      .set(bearer(tokens.head!))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (x: Buffer) => chunks.push(x));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const { createHash } = await import('node:crypto');
    f = {
      ...ids,
      caseId,
      evidenceId: c.evidence[0].id,
      pdfSha: createHash('sha256')
        .update(pdf.body as Buffer)
        .digest('hex'),
    };
  });
  afterAll(() => t.close());

  it('declares an expectation for every route the app serves', () => {
    const served = new Set<string>();
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const controller = wrapper.metatype as { prototype: Record<string, object> } & object;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of new MetadataScanner().getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const parts = [base, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean);
        served.add(`${method} /${parts.join('/')}`);
      }
    }
    const declared = new Set(CASES.map((c) => c.route));
    expect([...served].filter((route) => !declared.has(route))).toEqual([]);
  });

  for (const [i, actor] of ACTORS.entries()) {
    it(`gives ${actor} exactly the expected status on every route`, async () => {
      if (actor !== 'anon') await signInAll(); // logout rows revoke tokens; start each caller fresh
      const got: string[] = [];
      const want: string[] = [];
      for (const row of CASES) {
        let req = request(t.http)
          [row.route.split(' ')[0].toLowerCase() as 'get' | 'post'](row.path(f))
          .redirects(0);
        if (tokens[actor]) req = req.set(bearer(tokens[actor]!));
        if (row.multipart) {
          if (row.route.includes('reports')) {
            for (const [k, v] of Object.entries(baseReport(f.school.OAK)))
              req = req.field(k, Array.isArray(v) ? v.join(',') : String(v));
          }
          req = req.attach('evidence', png(11 + i, 11), {
            filename: 'm.png',
            contentType: 'image/png',
          });
        } else if (row.send) {
          req = req.send(row.send(f, actor));
        }
        const res = await req;
        got.push(
          `${row.route} ${row.path(f).includes('variant=') ? row.path(f).split('?')[1] : ''} -> ${res.status}`,
        );
        want.push(
          `${row.route} ${row.path(f).includes('variant=') ? row.path(f).split('?')[1] : ''} -> ${row.expect[i]}`,
        );
        if (actor === 'admin' && res.status < 400) {
          expect(JSON.stringify(res.body ?? '') + (res.text ?? '')).not.toContain('MATRIX-SECRET');
        }
      }
      expect(got).toEqual(want);
    });
  }
});
