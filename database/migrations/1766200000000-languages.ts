import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from './columns.js';

/**
 * Welsh or English (DOMAIN.md §10, issue 18): each school has a default language for its people,
 * and a person may choose their own. A person's null means "the school's", so changing the
 * school's default moves everyone who has not chosen.
 */
export class Languages1766200000000 implements MigrationInterface {
  name = 'Languages1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('school', new TableColumn({ ...col.text('language', 2), default: "'en'" }));
    await q.addColumn('app_user', new TableColumn(col.text('language', 2, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('app_user', 'language');
    await q.dropColumn('school', 'language');
  }
}
