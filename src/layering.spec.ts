import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import madge from 'madge';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * STYLE.md's layout rule, read from the import statements of every file under src/ (madge
 * parses them and resolves each `.js` specifier to its `.ts` file, as `npx madge --circular src`
 * does): config/ imports nothing, common/ only config/, platform/ only common/ and config/
 * (never a feature), nothing imports web/, and there is no import circle, between files or
 * between folders.
 */

const SRC = import.meta.dirname;
const TSCONFIG = resolve(SRC, '../tsconfig.json');

/** The composition root wires every module together, so it alone may import anything. */
const ROOT = 'the composition root';

/** A file's place: its top folder under src/, each engine of platform/ on its own. */
function placeOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return ROOT;
  return parts[0] === 'platform' ? `platform/${parts[1]}` : parts[0];
}

/** Why `from` may not import `to`, or null when it may. */
function breach(from: string, to: string): string | null {
  const [a, b] = [placeOf(from), placeOf(to)];
  if (a === b || a === ROOT) return null;
  if (b === ROOT) return 'nothing imports the composition root';
  if (b === 'web') return 'nothing imports web/';
  if (a === 'config') return 'config/ imports nothing';
  if (a === 'common' && b !== 'config') return 'common/ imports only config/';
  if (a.startsWith('platform/') && b !== 'common' && b !== 'config' && !b.startsWith('platform/')) {
    return 'platform/ imports only common/ and config/';
  }
  return null;
}

interface Findings {
  files: string[];
  fileCircles: string[][];
  folderCircles: string[][];
  breaches: string[];
  unresolved: string[];
}

async function check(dir: string): Promise<Findings> {
  const files = await madge(dir, { fileExtensions: ['ts'], tsConfig: TSCONFIG });
  // Imports outside the tree (test/support, database/) are not the tree's layers.
  const graph = Object.entries(files.obj()).map(
    ([file, imports]) => [file, imports.filter((to) => !to.startsWith('../'))] as const,
  );
  const folders: Record<string, string[]> = {};
  const breaches: string[] = [];
  for (const [file, imports] of graph) {
    for (const to of imports) {
      const why = breach(file, to);
      if (why) breaches.push(`${file} -> ${to}: ${why}`);
      const [a, b] = [placeOf(file), placeOf(to)];
      if (a !== b && a !== ROOT) (folders[a] ??= []).push(b);
    }
  }
  // madge also takes a ready-made graph: the same circle search, one node per folder.
  const folderGraph = await madge(folders);
  return {
    files: graph.map(([file]) => file),
    fileCircles: files.circular(),
    folderCircles: folderGraph.circular(),
    breaches,
    unresolved: files.warnings().skipped,
  };
}

describe('import layering of src/', () => {
  let findings: Findings;
  beforeAll(async () => {
    findings = await check(SRC);
  });

  it('reads every file and resolves every import, so none escapes the rules', () => {
    expect(findings.files).toEqual(
      expect.arrayContaining(['app.module.ts', 'platform/uploads/multipart-reader.ts']),
    );
    expect(findings.unresolved).toEqual([]);
  });

  it('has no import circle between files', () => {
    expect(findings.fileCircles).toEqual([]);
  });

  it('has no import circle between folders', () => {
    expect(findings.folderCircles).toEqual([]);
  });

  it('keeps config/, common/ and platform/ below the features, and web/ imported by no one', () => {
    expect(findings.breaches).toEqual([]);
  });
});

describe('the layering check itself', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'layering-'));
    const files: Record<string, string> = {
      'app.module.ts': "import './web/pages.js';\nimport './cases/case.js';\n",
      'platform/pdf/renderer.ts':
        "import { CaseRecord } from '../../cases/case.js';\nexport const r = CaseRecord;\n",
      'platform/pdf/job.ts':
        "import '../../common/clock.js';\nimport '../../config/config.js';\nimport '../uploads/reader.js';\n",
      'platform/uploads/reader.ts': 'export const u = 1;\n',
      'common/clock.ts': "import '../users/role.js';\n",
      'config/config.ts': 'export const c = 1;\n',
      'users/role.ts': 'export const role = 1;\n',
      'cases/case.ts': "import './history.js';\nexport class CaseRecord {}\n",
      'cases/history.ts': "import './case.js';\nimport '../evidence/item.js';\n",
      'evidence/item.ts': "import '../cases/case.js';\nimport '../web/pages.js';\n",
      'web/pages.ts': "import '../cases/case.js';\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a platform file importing a feature, on circles, and on each other breach', async () => {
    const found = await check(dir);
    expect(found.breaches.sort()).toEqual([
      'common/clock.ts -> users/role.ts: common/ imports only config/',
      'evidence/item.ts -> web/pages.ts: nothing imports web/',
      'platform/pdf/renderer.ts -> cases/case.ts: platform/ imports only common/ and config/',
    ]);
    expect(found.fileCircles).toContainEqual(['cases/case.ts', 'cases/history.ts']);
    expect(found.folderCircles.map((c) => [...c].sort())).toContainEqual(['cases', 'evidence']);
    expect(found.unresolved).toEqual([]);
  });
});
