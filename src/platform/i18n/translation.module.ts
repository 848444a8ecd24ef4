import { Global, Module } from '@nestjs/common';
import { Translator } from './translator.js';
import { words } from './words.js';

/**
 * Welsh and English for every module: the language comes from who the words are for (a
 * person's choice, else their school's), which the app knows better than a request header, and
 * mail and PDFs have no request at all.
 */
@Global()
@Module({
  providers: [{ provide: Translator, useValue: words }],
  exports: [Translator],
})
export class TranslationModule {}
