import { Module } from '@nestjs/common';
import { TranslationModule } from '../i18n/translation.module.js';
import { Translator } from '../i18n/translator.js';
import { TemplateRenderer } from './template-renderer.js';
import { findTemplatesRoot } from './templates-root.js';

/** The pages and the PDFs share one renderer: every template is compiled once, at boot. */
@Module({
  imports: [TranslationModule],
  providers: [
    {
      provide: TemplateRenderer,
      // Only files under templates/ are ever compiled; their words come from the catalogue.
      useFactory: (words: Translator) =>
        new TemplateRenderer(findTemplatesRoot(), (key, lang, args) => words.t(key, lang, args)),
      inject: [Translator],
    },
  ],
  exports: [TemplateRenderer],
})
export class TemplatesModule {}
