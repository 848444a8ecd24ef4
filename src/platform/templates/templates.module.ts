import { Module } from '@nestjs/common';
import { TranslationModule } from '../i18n/translation.module.js';
import { Translator } from '../i18n/translator.js';
import { TemplateRenderer } from './template-renderer.js';
import { findTemplatesRoot, readPrecompiledTemplates } from './templates-root.js';

/** The pages and the PDFs share one renderer: every template is compiled once, by the build. */
@Module({
  imports: [TranslationModule],
  providers: [
    {
      provide: TemplateRenderer,
      // Only files under templates/ are ever compiled (at boot, or by the build when its copy
      // matches them); their words come from the catalogue.
      useFactory: (words: Translator) =>
        new TemplateRenderer(
          findTemplatesRoot(),
          (key, lang, args) => words.t(key, lang, args),
          readPrecompiledTemplates(),
        ),
      inject: [Translator],
    },
  ],
  exports: [TemplateRenderer],
})
export class TemplatesModule {}
