import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The five seed policies, copied as test data into test/fixtures/policies (see its README). */
export const SEED_DIR = resolve(import.meta.dirname, '../../../test/fixtures/policies');

export const SEEDS = {
  ourLady: '000-our-lady-immaculate.txt',
  robyPark: '001-roby-park.txt',
  stNicholas: '002-st-nicholas-ciw-wales.txt',
  coadsGreen: '003-coads-green.txt',
  stMarys: '004-st-marys.txt',
} as const;

export function seedText(file: string): string {
  return readFileSync(resolve(SEED_DIR, file), 'utf8');
}
