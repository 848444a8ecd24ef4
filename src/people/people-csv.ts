import { CsvError, parse } from 'csv-parse/sync';
import { DomainException } from '../common/errors/domain.exception.js';
import { ROLES, type Role } from '../common/role.js';

/** Larger than any school's staff list exported by its MIS; anything bigger is refused whole. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 2000;

/** Roles a school's admin may give by import (HR advisers and admins are added one by one). */
export const IMPORTABLE_ROLES: readonly Role[] = [
  'staff',
  'headteacher',
  'dsl',
  'chair_of_governors',
  'governor',
];

export interface CsvPerson {
  /** The line in the file (the header is line 1), as a spreadsheet shows it. */
  row: number;
  email: string;
  name: string;
  role: string;
  reasons: string[];
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
/** What spreadsheet programs read as a formula (CSV injection): refused, never "cleaned". */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Reads a CSV exported from the school's MIS: a header naming the columns email, name and role
 * (any order, any case, more columns ignored), UTF-8 with or without a byte-order mark, quoted
 * fields allowed. Every row comes back, each with the reasons it cannot be imported (none if
 * it can); a file that cannot be read at all is refused with one reason.
 */
export function readPeopleCsv(text: string): CsvPerson[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 4096,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw refused(`the file is not a readable CSV${line ? ` (near line ${line})` : ''}`);
  }
  if (records.length === 0) throw refused('the file is empty');
  const header = records[0].record.map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const at = {
    email: column('email', 'emailaddress'),
    name: column('name', 'fullname'),
    role: column('role'),
  };
  const missing = Object.entries(at)
    .filter(([, i]) => i < 0)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw refused(
      `the first line must name the columns email, name and role (missing: ${missing.join(', ')})`,
    );
  }
  const rows = records.slice(1);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw refused(
      `the file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once`,
    );
  }
  const firstRowOf = new Map<string, number>();
  return rows.map(({ record, info }) => {
    const cell = (i: number) => record[i] ?? '';
    const person: CsvPerson = {
      row: info.lines,
      email: cell(at.email).toLowerCase(),
      name: cell(at.name),
      role: cell(at.role).toLowerCase().replace(/\s+/g, '_'),
      reasons: [],
    };
    if ([cell(at.email), cell(at.name), cell(at.role)].some((v) => FORMULA_START.test(v))) {
      person.reasons.push('a cell starts with =, +, -, @ or a tab, as a spreadsheet formula does');
    }
    if (!EMAIL.test(person.email) || person.email.length > 320) {
      person.reasons.push('the email address is not valid');
    }
    if (person.name.length === 0 || person.name.length > 200) {
      person.reasons.push('the name must be 1 to 200 characters');
    }
    if (!(ROLES as readonly string[]).includes(person.role)) {
      person.reasons.push(
        `the role "${person.role.slice(0, 40)}" is not one of ${IMPORTABLE_ROLES.join(', ')}`,
      );
    } else if (!IMPORTABLE_ROLES.includes(person.role as Role)) {
      person.reasons.push(
        `the role ${person.role} cannot be given by import; add this person on the People page`,
      );
    }
    const earlier = firstRowOf.get(person.email);
    if (earlier !== undefined) person.reasons.push(`the email address is also in row ${earlier}`);
    else if (person.email) firstRowOf.set(person.email, person.row);
    return person;
  });
}

function refused(reason: string): DomainException {
  return new DomainException(400, 'PEOPLE_IMPORT_UNREADABLE', [reason]);
}
