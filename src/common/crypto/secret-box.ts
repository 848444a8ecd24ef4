import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';

/**
 * Secrets kept at rest (an OpenID client secret, an authenticator app's key) are sealed with
 * AES-256-GCM under a key derived from SECRET_KEY by HKDF, one key per purpose, so a copy of
 * the database alone opens none of them. Sealed text is `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
@Injectable()
export class SecretBox {
  constructor(private readonly config: AppConfig) {}

  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(purpose), iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the text was altered or sealed under another SECRET_KEY. */
  open(purpose: string, sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('not a sealed secret');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key(purpose),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  private key(purpose: string): Buffer {
    return Buffer.from(
      hkdfSync('sha256', this.config.secretKey, 'school-case-tracker', `secret-box:${purpose}`, 32),
    );
  }
}
