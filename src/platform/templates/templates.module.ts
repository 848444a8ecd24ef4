import { Module } from '@nestjs/common';
import { TemplateRenderer } from './template-renderer.js';
import { findTemplatesRoot } from './templates-root.js';

/** The pages and the PDFs share one renderer: every template is compiled once, at boot. */
@Module({
  providers: [
    // Only files under templates/ are ever compiled.
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer(findTemplatesRoot()) },
  ],
  exports: [TemplateRenderer],
})
export class TemplatesModule {}
