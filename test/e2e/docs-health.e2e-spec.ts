import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app.js';

describe('health and API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports ok once the database answers', async () => {
    await request(t.http).get('/api/v1/health').expect(200, { status: 'ok' });
  });

  it('answers liveness, and readiness once every dependency is there', async () => {
    await request(t.http)
      .get('/api/v1/health/live')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    const ready = await request(t.http).get('/api/v1/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up' },
        evidenceStore: { status: 'up' },
        disk: { status: 'up' },
        pdfRenderer: { status: 'up' },
      },
    });
  });

  it('is not ready, saying why, when the store, the disk or Chromium fails', async () => {
    const broken = await createTestApp({
      env: { MIN_FREE_DISK_MB: String(1024 ** 3), CHROMIUM_PATH: '/bin/false' },
    });
    try {
      // A file where the upload directory should be: no upload could be written.
      writeFileSync(join(broken.config.dataDir, 'tmp'), 'not a directory');
      const res = await request(broken.http).get('/api/v1/health/ready').expect(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'NOT_READY' });
      expect(res.body.message).toMatch(/^Not ready: evidenceStore .*, disk .*, pdfRenderer/);
      expect(res.body.message).not.toMatch(/database/);
      // Liveness does not depend on any of them.
      await request(broken.http).get('/api/v1/health/live').expect(200);
      await request(broken.http).get('/api/v1/health').expect(200, { status: 'ok' });
    } finally {
      await broken.close();
    }
  });

  it('lets no cache keep case answers or pages, only the static assets', async () => {
    const token = await t.login('head@oak.example');
    const api = await request(t.http)
      .get('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const page = await request(t.http).get('/login').expect(200);
    for (const res of [api, page]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
    const css = await request(t.http).get('/static/app.css').expect(200);
    expect(css.headers['cache-control']).toMatch(/max-age=3600/);
  });

  it('serves Swagger UI', async () => {
    const res = await request(t.http).get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });

  it('describes every API route in the OpenAPI document', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes: string[] = [];
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const controller = wrapper.metatype as { prototype: Record<string, object> } & object;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      if (!base.startsWith('api/')) continue;
      for (const name of new MetadataScanner().getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(
          /:(\w+)/g,
          '{$1}',
        );
        routes.push(`${method} ${full}`);
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(5);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });
});
