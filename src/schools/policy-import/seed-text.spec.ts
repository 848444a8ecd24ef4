import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SEED_DIR, SEEDS, seedText } from './seed-policies.fixtures.js';

/**
 * The seed policies are test data. Product code, templates and demo data must use words of
 * their own (titles of imported clauses are made at run time from the school's text), so no run
 * of eight words from any seed may appear in them.
 */
const RUN = 8;
const ROOT = resolve(import.meta.dirname, '../../..');

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[‘’]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? []
  );
}

function runsOf(text: string): Set<string> {
  const w = words(text);
  const runs = new Set<string>();
  for (let i = 0; i + RUN <= w.length; i++) runs.add(w.slice(i, i + RUN).join(' '));
  return runs;
}

function* productFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* productFiles(path);
    else if (!/\.(spec|fixtures)\.ts$|\.(png|jpe?g|gif|webp|ico|woff2?|ttf)$/.test(entry))
      yield path;
  }
}

describe('seed policy text', () => {
  it('is in the test fixtures', () => {
    expect(
      readdirSync(SEED_DIR)
        .filter((f) => f.endsWith('.txt'))
        .sort(),
    ).toEqual(Object.values(SEEDS).sort());
  });

  it('is not quoted in product code, templates or demo data', () => {
    const seedRuns = new Set(Object.values(SEEDS).flatMap((file) => [...runsOf(seedText(file))]));
    const quoted: string[] = [];
    for (const top of ['src', 'templates', 'database']) {
      for (const file of productFiles(join(ROOT, top))) {
        for (const run of runsOf(readFileSync(file, 'utf8'))) {
          if (seedRuns.has(run)) quoted.push(`${relative(ROOT, file)}: "${run}"`);
        }
      }
    }
    expect(quoted).toEqual([]);
  });
});
