import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { AppConfig } from '../config/app-config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends mail over SMTP when SMTP_URL is set; otherwise writes each message as an .eml file to
 * DATA_DIR/outbox/, so a demo or test install never needs a mail server and loses nothing.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport?: Transporter;
  private readonly from: string;
  private outboxReady = false;

  constructor(private readonly config: AppConfig) {
    if (config.smtpUrl) this.transport = nodemailer.createTransport(config.smtpUrl);
    this.from = `School case tracker <no-reply@${new URL(config.publicUrl).hostname}>`;
  }

  get outboxDir(): string {
    return join(this.config.dataDir, 'outbox');
  }

  async send(message: MailMessage): Promise<void> {
    if (this.transport) {
      const info = (await this.transport.sendMail({ from: this.from, ...message })) as {
        messageId?: string;
      };
      this.logger.debug(`mail sent ${info.messageId ?? ''}`);
      return;
    }
    // The same composer nodemailer's transports use, without a transport's stream plumbing:
    // the .eml holds exactly the message an SMTP server would have been given.
    const raw = await new MailComposer({ from: this.from, ...message }).compile().build();
    await this.writeToOutbox(raw);
  }

  /** After every module's onModuleDestroy, so mail still being sent is flushed first. */
  onApplicationShutdown(): void {
    this.transport?.close();
  }

  /** Written whole and flushed, then renamed, so a reader of the outbox never sees half a message. */
  private async writeToOutbox(raw: Buffer): Promise<void> {
    if (!this.outboxReady) {
      await mkdir(this.outboxDir, { recursive: true });
      this.outboxReady = true;
    }
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
    const temp = join(this.outboxDir, `.${name}.part`);
    await writeFile(temp, raw, { flush: true });
    await rename(temp, join(this.outboxDir, name));
  }
}
