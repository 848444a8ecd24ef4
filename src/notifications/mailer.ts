import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { AppConfig } from '../config/app-config.js';
import { mboxEntry } from './mbox.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** `<id@host>`: the same for every try at one message, so a receiver can spot a repeat. */
  messageId?: string;
  /** The sender's display name, in the recipient's language ("School case tracker"). */
  fromName?: string;
  /** The language it is written in (`Content-Language`), so a mail reader reads it aloud rightly. */
  language?: string;
}

interface Waiting {
  entry: Buffer;
  done: (error?: Error) => void;
}

/**
 * Sends mail over SMTP when SMTP_URL is set. Otherwise each message is appended to
 * DATA_DIR/outbox.mbox, so a demo or test install never needs a mail server and loses nothing:
 * send() resolves once the message is on disk. One file rather than a file per message, because
 * creating a file is the costliest thing a small write can ask of a file system; messages handed
 * over while a flush is under way go out together in the next one.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport?: Transporter;
  private readonly sender: string;
  private outbox?: FileHandle;
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly config: AppConfig) {
    if (config.smtpUrl) this.transport = nodemailer.createTransport(config.smtpUrl);
    this.sender = `no-reply@${new URL(config.publicUrl).hostname}`;
  }

  get outboxPath(): string {
    return join(this.config.dataDir, 'outbox.mbox');
  }

  async send(message: MailMessage): Promise<void> {
    const { fromName = 'School case tracker', language, ...rest } = message;
    const mail = {
      from: `${fromName} <${this.sender}>`,
      ...rest,
      ...(language ? { headers: { 'Content-Language': language } } : {}),
    };
    if (this.transport) {
      const info = (await this.transport.sendMail(mail)) as { messageId?: string };
      this.logger.debug(`mail sent ${info.messageId ?? ''}`);
      return;
    }
    // The composer nodemailer's transports use: the outbox holds exactly the message an SMTP
    // server would have been given.
    const raw = await new MailComposer(mail).compile().build();
    await this.append(mboxEntry(raw, this.sender, new Date()));
  }

  /** After every module's onModuleDestroy, so mail still being sent is flushed first. */
  async onApplicationShutdown(): Promise<void> {
    this.transport?.close();
    await this.outbox?.close();
    this.outbox = undefined;
  }

  private append(entry: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  /** One writer at a time, so entries never interleave; each batch is flushed before it resolves. */
  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        const file = await this.openOutbox();
        const bytes = Buffer.concat(batch.map((w) => w.entry));
        for (let offset = 0; offset < bytes.length;) {
          offset += (await file.write(bytes, offset, bytes.length - offset)).bytesWritten;
        }
        await file.sync();
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.done(error as Error);
      }
    }
    this.flushing = false;
  }

  private async openOutbox(): Promise<FileHandle> {
    if (!this.outbox) {
      await mkdir(dirname(this.outboxPath), { recursive: true });
      this.outbox = await open(this.outboxPath, 'a', 0o600);
    }
    return this.outbox;
  }
}
