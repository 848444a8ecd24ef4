import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app.js';

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('HTTP headers and the favicon', () => {
  let lan: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    // A school's own server reached at its LAN address over plain http, and one behind https.
    lan = await createTestApp({ env: { PUBLIC_URL: 'http://192.168.1.20:3000' } });
    https = await createTestApp({ env: { PUBLIC_URL: 'https://cases.oak.example' } });
  });
  afterAll(async () => {
    await lan.close();
    await https.close();
  });

  it('sends neither HSTS nor upgrade-insecure-requests when the public URL is http', async () => {
    for (const path of ['/login', '/api/v1/health', '/api/docs/']) {
      const res = await request(lan.http).get(path);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('sends both when the public URL is https', async () => {
    for (const path of ['/login', '/api/v1/health', '/api/docs/']) {
      const res = await request(https.http).get(path);
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain('upgrade-insecure-requests');
    }
  });

  it('serves a real icon at /favicon.ico to anyone, cacheable, and links it from every page', async () => {
    const res = await binary(request(lan.http).get('/favicon.ico')).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)$/);
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    const icon = res.body as Buffer;
    // An ICO directory: reserved 0, type 1 (icon), at least one image.
    expect(icon.readUInt16LE(0)).toBe(0);
    expect(icon.readUInt16LE(2)).toBe(1);
    expect(icon.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
    expect(icon.equals(readFileSync('templates/static/favicon.ico'))).toBe(true);

    const svg = await request(lan.http).get('/static/favicon.svg').expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);

    const page = await request(lan.http).get('/login').expect(200);
    expect(page.text).toContain('<link rel="icon" href="/favicon.ico"');
    expect(page.text).toContain('<link rel="icon" href="/static/favicon.svg"');
  });
});
