import { MigrationInterface, QueryRunner, TableCheck } from 'typeorm';
import { inList } from './columns.js';

const BEFORE = ['staff', 'headteacher', 'chair_of_governors', 'governor', 'hr', 'admin'];
const AFTER = [...BEFORE, 'dsl'];

/** The designated safeguarding lead (DOMAIN.md §1): owns reports whose subject is a pupil. */
export class DslRole1764600000000 implements MigrationInterface {
  name = 'DslRole1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await replaceRoleCheck(q, BEFORE, AFTER);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM membership WHERE "role" = 'dsl'`);
    await replaceRoleCheck(q, AFTER, BEFORE);
  }
}

/** The membership table has one check, on `role`; each engine prints its expression its own way. */
async function replaceRoleCheck(q: QueryRunner, from: string[], to: string[]): Promise<void> {
  const table = await q.getTable('membership');
  const old = table?.checks.find(
    (c) =>
      /\brole\b/.test(c.expression ?? '') && from.every((r) => c.expression?.includes(`'${r}'`)),
  );
  if (!table || !old) throw new Error('membership: the role check to replace was not found');
  await q.dropCheckConstraint(table, old);
  await q.createCheckConstraint('membership', new TableCheck({ expression: inList('role', to) }));
}
