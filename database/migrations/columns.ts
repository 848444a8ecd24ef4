import type { TableColumnOptions } from 'typeorm';

/**
 * Column shapes shared by every migration, so SQLite and PostgreSQL get the same schema from
 * one set of migrations. Mirrors src/common/database/columns.ts (instants as UTC ISO text).
 */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: '36',
    isPrimary: true,
  }),
  ref: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: '36',
    isNullable: nullable,
  }),
  instant: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: '24',
    isNullable: nullable,
  }),
  text: (name: string, length: number, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  }),
  longText: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'text',
    isNullable: nullable,
  }),
  int: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'integer',
    isNullable: nullable,
  }),
  bool: (name: string, defaultValue = false): TableColumnOptions => ({
    name,
    type: 'boolean',
    default: defaultValue,
  }),
};

export const inList = (column: string, values: readonly string[]) =>
  `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`;
