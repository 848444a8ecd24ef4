// Jest globalSetup and globalTeardown (package.json): names this run, so each worker's
// template database (test/support/test-database.ts) is its own, and removes them at the end.
// Plain JavaScript: Jest loads these before any transform is set up.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function setup() {
  // Workers start after this and inherit the environment.
  process.env.CASES_TEST_RUN = `r${randomBytes(4).toString('hex')}`;
}

export async function teardown() {
  const run = process.env.CASES_TEST_RUN;
  if (!run) return;
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith(`cases-template-${run}_`)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `tmpl\\_${run}\\_%`,
    ]);
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
