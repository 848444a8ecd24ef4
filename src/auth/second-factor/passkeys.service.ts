import { Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { AuthTokensService } from '../tokens/auth-tokens.service.js';
import { PasskeyCredential } from './second-factor.entities.js';

/**
 * The WebAuthn library and its certificate parsers are a few hundred modules, needed only at a
 * passkey ceremony: loaded then, not at every start-up.
 */
const webAuthn = () => import('@simplewebauthn/server');

/** A WebAuthn ceremony must finish within this; the challenge is single-use. */
const CEREMONY_MS = 5 * 60 * 1000;

export interface Ceremony<T> {
  /** Sent back with the browser's answer: names the stored challenge. */
  ceremonyToken: string;
  options: T;
}

/**
 * Passkeys through @simplewebauthn/server. The relying party is PUBLIC_URL: its host name is
 * the RP ID and its origin the only origin accepted.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: AuthTokensService,
    private readonly clock: Clock,
  ) {}

  private get rp() {
    const url = new URL(this.config.publicUrl);
    return { id: url.hostname, origin: url.origin };
  }

  async registrationOptions(
    em: EntityManager,
    user: { id: string; email: string; name: string },
  ): Promise<Ceremony<PublicKeyCredentialCreationOptionsJSON>> {
    const existing = await this.live(em, user.id);
    const { generateRegistrationOptions } = await webAuthn();
    const options = await generateRegistrationOptions({
      rpName: 'School case tracker',
      rpID: this.rp.id,
      userName: user.email,
      userDisplayName: user.name,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({
        id: c.credentialId,
        transports: transportsOf(c),
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    return this.ceremony(em, user.id, 'passkey_registration', options);
  }

  /** Stores the new passkey, or returns null when the answer does not verify. */
  async register(
    em: EntityManager,
    userId: string,
    ceremonyToken: string,
    response: RegistrationResponseJSON,
    label: string,
  ): Promise<PasskeyCredential | null> {
    const ceremony = await this.tokens.redeem(em, 'passkey_registration', ceremonyToken);
    if (!ceremony || ceremony.userId !== userId) return null;
    const { challenge } = JSON.parse(ceremony.payload ?? '{}') as { challenge?: string };
    const { verifyRegistrationResponse } = await webAuthn();
    const verdict = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge ?? '',
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
      requireUserVerification: false,
    }).catch(() => null);
    if (!verdict?.verified) return null;
    const { credential } = verdict.registrationInfo;
    const row = Object.assign(new PasskeyCredential(), {
      id: randomUUID(),
      userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: (credential.transports ?? []).join(','),
      label: label.trim().slice(0, 100) || 'Passkey',
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await em.getRepository(PasskeyCredential).insert(row);
    return row;
  }

  async authenticationOptions(
    em: EntityManager,
    userId: string,
  ): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON> | null> {
    const credentials = await this.live(em, userId);
    if (credentials.length === 0) return null;
    const { generateAuthenticationOptions } = await webAuthn();
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: credentials.map((c) => ({
        id: c.credentialId,
        transports: transportsOf(c),
      })),
      userVerification: 'preferred',
    });
    return this.ceremony(em, userId, 'passkey_authentication', options);
  }

  /** True when the answer is a valid signature by one of the person's passkeys. */
  async authenticate(
    em: EntityManager,
    userId: string,
    ceremonyToken: string,
    response: AuthenticationResponseJSON,
  ): Promise<boolean> {
    const ceremony = await this.tokens.redeem(em, 'passkey_authentication', ceremonyToken);
    if (!ceremony || ceremony.userId !== userId) return false;
    const credential = (await this.live(em, userId)).find((c) => c.credentialId === response?.id);
    if (!credential) return false;
    const { challenge } = JSON.parse(ceremony.payload ?? '{}') as { challenge?: string };
    const { verifyAuthenticationResponse } = await webAuthn();
    const verdict = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge ?? '',
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
        counter: credential.counter,
        transports: transportsOf(credential),
      },
      requireUserVerification: false,
    }).catch(() => null);
    if (!verdict?.verified) return false;
    await em
      .getRepository(PasskeyCredential)
      .update(
        { id: credential.id },
        { counter: verdict.authenticationInfo.newCounter, lastUsedAt: this.clock.now() },
      );
    return true;
  }

  async list(em: EntityManager, userId: string): Promise<PasskeyCredential[]> {
    return this.live(em, userId);
  }

  /** Keeps the options' challenge server-side, named by a single-use ceremony token. */
  private async ceremony<T extends { challenge: string }>(
    em: EntityManager,
    userId: string,
    purpose: 'passkey_registration' | 'passkey_authentication',
    options: T,
  ): Promise<Ceremony<T>> {
    const { token } = await this.tokens.issue(em, {
      userId,
      purpose,
      ttlMs: CEREMONY_MS,
      payload: { challenge: options.challenge },
    });
    return { ceremonyToken: token, options };
  }

  private live(em: EntityManager, userId: string): Promise<PasskeyCredential[]> {
    return em
      .getRepository(PasskeyCredential)
      .find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }
}

function transportsOf(c: PasskeyCredential): AuthenticatorTransport[] {
  return c.transports ? (c.transports.split(',') as AuthenticatorTransport[]) : [];
}
