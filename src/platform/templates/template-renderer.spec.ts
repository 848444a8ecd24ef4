import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { TemplateErrorCode } from './template.exception.js';
import { HOSTILE_STRINGS } from './templates.fixtures.js';
import { formatLondon, TemplateRenderer } from './template-renderer.js';
import { readPrecompiledTemplates } from './templates-root.js';

const roots: string[] = [];

function templatesRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'templates-spec-'));
  roots.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

const CASE_FILE = {
  'partials/layout.hbs': '<html><body><h1>{{title}}</h1>{{> @partial-block}}</body></html>',
  'pdf/partials/note.hbs': '<li>{{author}}: {{text}}</li>',
  'pdf/case-file.hbs': [
    '{{#> layout}}',
    '<p id=ref>{{reference}}</p>',
    '<p id=when>{{formatLondon openedAt}}</p>',
    '<p id=day>{{formatLondon openedAt format="date"}}</p>',
    '<ul>{{#each notes}}{{> note}}{{/each}}</ul>',
    '<p id=tags>{{join tags " | "}}</p>',
    '{{#if (eq status "decided")}}<p id=decided>decided</p>{{/if}}',
    '{{/layout}}',
  ].join('\n'),
  'web/case.hbs': '{{#> layout}}<p>{{reference}}</p>{{/layout}}',
};

function caseContext(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Case file',
    reference: 'SCH-2026-0001',
    openedAt: new Date('2026-11-21T09:30:00Z'),
    notes: [{ author: 'A. Head', text: 'Spoke to parent' }],
    tags: ['online', 'abuse'],
    status: 'decided',
    ...overrides,
  };
}

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('TemplateRenderer', () => {
  it('compiles pdf/ and web/ templates at boot, with partials from both partial folders', () => {
    const renderer = new TemplateRenderer(templatesRoot(CASE_FILE));

    expect(renderer.names).toEqual(['pdf/case-file', 'web/case']);
    const html = renderer.render('pdf/case-file', caseContext());
    expect(html).toContain('<h1>Case file</h1>');
    expect(html).toContain('<li>A. Head: Spoke to parent</li>');
    expect(html).toContain('<p id=when>21 Nov 2026, 09:30</p>');
    expect(html).toContain('<p id=day>21 Nov 2026</p>');
    expect(html).toContain('<p id=tags>online | abuse</p>');
    expect(html).toContain('<p id=decided>');
    expect(renderer.render('web/case', caseContext())).toContain('<p>SCH-2026-0001</p>');
  });

  it('prints every hostile string as inert, escaped text, through fields, partials and helpers', () => {
    const renderer = new TemplateRenderer(templatesRoot(CASE_FILE));

    for (const hostile of HOSTILE_STRINGS) {
      const html = renderer.render(
        'pdf/case-file',
        caseContext({
          title: hostile,
          reference: hostile,
          notes: [{ author: hostile, text: hostile }],
          tags: [hostile, hostile],
        }),
      );
      const escaped = hostile
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll("'", '&#x27;')
        .replaceAll('=', '&#x3D;');
      expect(html).toContain(`<p id=ref>${escaped}</p>`);
      expect(html).toContain(`<h1>${escaped}</h1>`);
      expect(html).toContain(`<li>${escaped}: ${escaped}</li>`);
      expect(html).toContain(`<p id=tags>${escaped} | ${escaped}</p>`);
      expect(html).not.toMatch(/<(script|img|iframe|link)\b/);
    }
  });

  it('never evaluates user text: a template expression in data stays text', () => {
    const renderer = new TemplateRenderer(templatesRoot(CASE_FILE));

    const html = renderer.render('pdf/case-file', caseContext({ reference: HOSTILE_STRINGS[0] }));

    expect(html).toContain('{{constructor.constructor(&#x27;return process&#x27;)()}}');
    expect(html).not.toContain('[object process]');
  });

  it('keeps prototype properties out of reach of templates', () => {
    const renderer = new TemplateRenderer(
      templatesRoot({ 'pdf/proto.hbs': '{{#with item}}[{{lookup this "constructor"}}]{{/with}}' }),
    );

    expect(renderer.render('pdf/proto', { item: {} })).toBe('[]');
  });

  it('rejects names that leave the template folders, and unknown templates', async () => {
    const renderer = new TemplateRenderer(templatesRoot(CASE_FILE));

    for (const name of [
      '../etc/passwd',
      'pdf/../web/case',
      '/etc/passwd',
      'pdf/case-file.hbs',
      'partials/layout',
      'pdf/partials\\note',
      'pdf/missing',
    ]) {
      expect(await codeOf(() => renderer.render(name, caseContext()))).toBe(
        TemplateErrorCode.TemplateNotFound,
      );
    }
  });

  it('compiles once: later edits on disk do not change what is rendered', () => {
    const root = templatesRoot({ 'pdf/one.hbs': 'first {{x}}' });
    const renderer = new TemplateRenderer(root);
    writeFileSync(join(root, 'pdf/one.hbs'), 'second {{x}}');

    expect(renderer.render('pdf/one', { x: 1 })).toBe('first 1');
  });

  describe("with the build's compiled copy", () => {
    it('uses the copy made from exactly these files instead of compiling them', () => {
      const root = templatesRoot({ 'pdf/one.hbs': 'first {{x}}', 'partials/p.hbs': 'p' });
      const built = new TemplateRenderer(root).precompiled();
      // A copy whose spec for pdf/one says something else: only a renderer that used the copy
      // could print it.
      const other = new TemplateRenderer(templatesRoot({ 'pdf/one.hbs': 'from the copy {{x}}' }));
      const copy = {
        key: built.key,
        specs: { ...built.specs, 'pdf/one': other.precompiled().specs['pdf/one'] },
      };

      expect(new TemplateRenderer(root, undefined, copy).render('pdf/one', { x: 1 })).toBe(
        'from the copy 1',
      );
    });

    it('compiles, and checks, a template edited since the copy was made', async () => {
      const root = templatesRoot({ 'pdf/one.hbs': 'first {{x}}' });
      const built = new TemplateRenderer(root).precompiled();

      writeFileSync(join(root, 'pdf/one.hbs'), 'second {{x}}');
      expect(new TemplateRenderer(root, undefined, built).render('pdf/one', { x: 1 })).toBe(
        'second 1',
      );
      writeFileSync(join(root, 'pdf/one.hbs'), '{{{x}}}');
      expect(await codeOf(() => new TemplateRenderer(root, undefined, built))).toBe(
        TemplateErrorCode.TemplateInvalid,
      );
    });

    it('reads the copy the build saved, and nothing from a missing or broken file', () => {
      const root = templatesRoot({ 'pdf/one.hbs': 'first {{x}}' });
      const built = new TemplateRenderer(root).precompiled();
      const file = join(root, 'precompiled.json');

      expect(readPrecompiledTemplates(file)).toBeUndefined();
      writeFileSync(file, '{"key": 1');
      expect(readPrecompiledTemplates(file)).toBeUndefined();
      writeFileSync(file, JSON.stringify(built));
      expect(readPrecompiledTemplates(file)).toEqual(built);
    });
  });

  it.each([
    ['unescaped output', { 'pdf/a.hbs': '{{{raw}}}' }],
    ['ampersand unescaped output', { 'pdf/a.hbs': '{{& raw}}' }],
    ['unescaped output in a partial', { 'partials/p.hbs': '{{{raw}}}', 'pdf/a.hbs': '{{> p}}' }],
    ['an unknown helper', { 'pdf/a.hbs': '{{shout name}}' }],
    ['the log helper', { 'pdf/a.hbs': '{{log name}}' }],
    ['an unknown partial', { 'pdf/a.hbs': '{{> nowhere}}' }],
    ['a partial chosen by data', { 'partials/p.hbs': 'x', 'pdf/a.hbs': '{{> (lookup . "p")}}' }],
    ['a syntax error', { 'pdf/a.hbs': '{{#if x}}' }],
    ['a duplicate partial', { 'partials/p.hbs': 'x', 'pdf/partials/p.hbs': 'y' }],
  ])('refuses to boot with %s', async (_what, files) => {
    const root = templatesRoot(files);

    expect(await codeOf(() => new TemplateRenderer(root))).toBe(TemplateErrorCode.TemplateInvalid);
  });

  it('refuses a template symlinked from outside the root', async () => {
    const outside = templatesRoot({ 'secret.hbs': 'outside' });
    const root = templatesRoot({ 'pdf/ok.hbs': 'ok' });
    symlinkSync(join(outside, 'secret.hbs'), join(root, 'pdf/linked.hbs'));

    expect(await codeOf(() => new TemplateRenderer(root))).toBe(TemplateErrorCode.TemplateInvalid);
  });

  it('refuses a relative root', async () => {
    expect(await codeOf(() => new TemplateRenderer('templates'))).toBe(
      TemplateErrorCode.TemplateInvalid,
    );
  });

  it('fails on a missing field without quoting document text in the error', () => {
    const renderer = new TemplateRenderer(
      templatesRoot({ 'pdf/a.hbs': '{{refrence}}', 'pdf/b.hbs': '{{description.length.x}}' }),
    );

    expect(() => renderer.render('pdf/a', { reference: 'x' })).toThrow(
      'Template pdf/a failed: missing field "refrence" at 1:2',
    );
    let message = '';
    try {
      renderer.render('pdf/b', { description: 'Pupil Jane Doe said' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('Template pdf/b failed');
  });

  it('boots on the repository templates', () => {
    const repoTemplates = resolve(dirname(fileURLToPath(import.meta.url)), '../../../templates');

    expect(() => new TemplateRenderer(repoTemplates)).not.toThrow();
  });
});

describe('formatLondon', () => {
  it.each([
    ['2026-11-21T09:30:00Z', 'datetime', '21 Nov 2026, 09:30'], // GMT
    ['2026-07-01T08:30:00Z', 'datetime', '1 Jul 2026, 09:30'], // BST
    ['2026-09-03T23:15:00Z', 'datetime', '4 Sep 2026, 00:15'], // BST crosses midnight
    ['2026-03-29T00:59:00Z', 'datetime', '29 Mar 2026, 00:59'], // last minute of GMT
    ['2026-03-29T01:00:00Z', 'datetime', '29 Mar 2026, 02:00'], // first minute of BST
    ['2026-11-21T09:30:00Z', 'date', '21 Nov 2026'],
  ] as const)('%s as %s is %s', (iso, format, expected) => {
    expect(formatLondon(new Date(iso), format)).toBe(expected);
  });

  it('rejects what is not a date', () => {
    expect(() => formatLondon('yesterday', 'date')).toThrow(TypeError);
  });
});
