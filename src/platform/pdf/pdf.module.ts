import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { locateChromium } from './chromium-locator.js';
import { PdfRenderer } from './pdf-renderer.js';

function chromiumPath(config: AppConfig): string {
  try {
    return locateChromium(config.chromiumPath ?? undefined);
  } catch (error) {
    // The app still serves everything else; each PDF request then fails with a clear 503.
    new Logger('Documents').warn((error as Error).message);
    return config.chromiumPath ?? '/usr/bin/chromium';
  }
}

/** One warm Chromium per process, shared by everything that prints. */
@Module({
  providers: [
    {
      provide: PdfRenderer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new PdfRenderer({
          executablePath: chromiumPath(config),
          concurrency: config.pdfConcurrency,
          timeoutMs: config.pdfTimeoutMs,
        }),
    },
  ],
  exports: [PdfRenderer],
})
export class PdfModule {}
