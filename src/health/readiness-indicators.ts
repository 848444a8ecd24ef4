import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, open, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { PdfRenderer } from '../platform/pdf/pdf-renderer.js';

/**
 * The readiness checks terminus has no indicator for. Each answers with ids and figures only:
 * the probe is public.
 */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly pdf: PdfRenderer,
  ) {}

  /**
   * An upload is written to DATA_DIR/tmp, flushed, then renamed into DATA_DIR/evidence: probe
   * the same steps' permissions (a full disk or a read-only mount fails here, not mid-report).
   */
  async evidenceStoreWritable(key = 'evidenceStore') {
    const check = this.indicators.check(key);
    const tmp = join(this.config.dataDir, 'tmp');
    const probe = join(tmp, `readiness-${randomBytes(8).toString('hex')}.probe`);
    try {
      await mkdir(tmp, { recursive: true });
      const file = await open(probe, 'wx');
      try {
        await file.write('ok');
        await file.sync();
      } finally {
        await file.close();
      }
      await unlink(probe);
      await mkdir(join(this.config.dataDir, 'evidence'), { recursive: true });
      await access(join(this.config.dataDir, 'evidence'), constants.W_OK);
      return check.up();
    } catch (error) {
      await unlink(probe).catch(() => undefined);
      return check.down({ code: (error as NodeJS.ErrnoException).code ?? 'ERROR' });
    }
  }

  /**
   * Free space where evidence lands. terminus's disk indicator takes a ceiling on *used* space;
   * what matters here is room for the next uploads, so this reads free bytes with statfs.
   */
  async diskSpace(key = 'disk') {
    const check = this.indicators.check(key);
    const stats = await statfs(this.config.dataDir);
    const freeBytes = stats.bavail * stats.bsize;
    const minFreeBytes = this.config.minFreeDiskBytes;
    return freeBytes >= minFreeBytes
      ? check.up({ freeBytes, minFreeBytes })
      : check.down({ freeBytes, minFreeBytes });
  }

  /** Chromium starts (or is already running), so a case file can be rendered. */
  async pdfRenderer(key = 'pdfRenderer') {
    const check = this.indicators.check(key);
    try {
      await this.pdf.ensureLaunched();
      return check.up();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return check.down({ code: typeof code === 'string' ? code : 'PDF_RENDERER_UNAVAILABLE' });
    }
  }
}
