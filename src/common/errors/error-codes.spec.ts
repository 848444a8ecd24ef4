import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { ERROR_CODES } from './error-codes.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Upper-snake strings in the source that are not error codes. */
const NOT_CODES = new Set([
  'SQLITE_BUSY', // a driver's error code the backup retries on
  'DATA_DIR', // the name of a setting, in a message
  'WHEN_REQUIRED', // an AWS SDK checksum setting
]);

/**
 * Every string literal shaped like a code (`CASE_STALE_VERSION`) in the non-test source, outside
 * the configuration (whose variable names look the same). Read from the syntax tree, so a code
 * in a comment does not count, but any way of throwing one does: a literal in
 * `new DomainException(409, 'X', ...)`, an enum member, a union type, a lookup table.
 */
function codesIn(sources: { file: string; text: string }[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const { file, text } of sources) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    const visit = (node: ts.Node): void => {
      if (
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(node.text) &&
        !NOT_CODES.has(node.text)
      ) {
        found.set(node.text, file);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !/\.(spec|fixtures)\.ts$/.test(f) && !f.includes(`${join('src', 'config')}`));
}

describe('error code catalogue', () => {
  const listed = new Set<string>(ERROR_CODES);
  const unlisted = (sources: { file: string; text: string }[]) =>
    [...codesIn(sources)].filter(([code]) => !listed.has(code)).map(([c, f]) => `${c} (${f})`);

  it('lists every code the source can throw', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'database'))];
    expect(files.length).toBeGreaterThan(50);
    const sources = files.map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
    expect(codesIn(sources).size).toBeGreaterThan(40);
    expect(unlisted(sources)).toEqual([]);
  });

  it('would notice a code thrown but not listed, and ignores comments', () => {
    const probe = {
      file: 'probe.ts',
      text: [
        "throw new DomainException(409, 'CASE_SOMETHING_NEW', 'x'); // 'NOT_IN_A_COMMENT'",
        "export enum ProbeErrorCode { Gone = 'PROBE_GONE' }",
        "throw new DomainException(404, 'NOT_FOUND', 'listed already');",
      ].join('\n'),
    };
    expect(unlisted([probe])).toEqual(['CASE_SOMETHING_NEW (probe.ts)', 'PROBE_GONE (probe.ts)']);
  });

  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
