import { Translator } from './translator.js';

/**
 * The one Translator of the process. Nest injects it (TranslationModule), and the plain
 * vocabulary functions of the domain (a status's name, a timeline line) use it directly, so a
 * word has one home, the catalogue, whether a page, a PDF or a mail asks for it.
 */
export const words = new Translator();
