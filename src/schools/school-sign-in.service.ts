import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Clock } from '../common/clock/clock.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { AppConfig } from '../config/app-config.js';
import { SchoolSignInDto, SchoolSignInResponse } from './dto/school-sign-in.dto.js';
import { SchoolSignIn } from './school-sign-in.entity.js';

const SEAL_PURPOSE = 'oidc-client-secret';

/** What the sign-in flow needs of a school's provider, secret opened. */
export interface ProviderSettings {
  schoolId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  staffForUnknownPeople: boolean;
}

/** Each school's own OpenID provider, set by its admin; the client secret is sealed at rest. */
@Injectable()
export class SchoolSignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async settings(actor: Actor, schoolId: string): Promise<SchoolSignInResponse> {
    if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    const row = await this.dataSource.getRepository(SchoolSignIn).findOne({ where: { schoolId } });
    return toResponse(row);
  }

  async update(
    actor: Actor,
    schoolId: string,
    dto: SchoolSignInDto,
  ): Promise<SchoolSignInResponse> {
    if (!actor.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    const issuer = dto.issuer.trim().replace(/\/$/, '');
    if (this.config.production && !issuer.startsWith('https://')) {
      throw new DomainException(400, 'SIGN_IN_ISSUER_NOT_HTTPS', [
        'issuer must be an https:// URL',
      ]);
    }
    const domains = normaliseDomains(dto.allowedDomains);
    return this.transactions.run(async (em) => {
      const repo = em.getRepository(SchoolSignIn);
      const existing = await repo.findOne({ where: { schoolId } });
      const secret = dto.clientSecret?.trim();
      if (!secret && !existing) {
        throw new DomainException(400, 'VALIDATION_FAILED', [
          'clientSecret is required the first time',
        ]);
      }
      const row = Object.assign(new SchoolSignIn(), {
        schoolId,
        enabled: dto.enabled,
        issuer,
        clientId: dto.clientId.trim(),
        // A blank secret keeps the one stored: the admin never sees it again to retype it.
        clientSecret: secret ? this.box.seal(SEAL_PURPOSE, secret) : existing!.clientSecret,
        allowedDomains: domains.join(','),
        staffForUnknownPeople: dto.staffForUnknownPeople,
        updatedAt: this.clock.now(),
        updatedById: actor.userId,
      });
      await repo.save(row);
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'school.sign_in_updated',
        targetType: 'school',
        targetId: schoolId,
        schoolId,
        detail: {
          enabled: row.enabled,
          domains: domains.length,
          staffForUnknownPeople: row.staffForUnknownPeople,
          secretChanged: Boolean(secret),
        },
      });
      return toResponse(row);
    });
  }

  /** Does the school sign its people in through its provider (so no password invitations)? */
  async usesProvider(schoolId: string): Promise<boolean> {
    return this.dataSource
      .getRepository(SchoolSignIn)
      .exists({ where: { schoolId, enabled: true } });
  }

  /** The enabled provider whose allowed domains include this address's, if any. */
  async providerForEmail(email: string): Promise<ProviderSettings | null> {
    const domain = email.trim().toLowerCase().split('@')[1];
    if (!domain) return null;
    const rows = await this.dataSource
      .getRepository(SchoolSignIn)
      .find({ where: { enabled: true } });
    const row = rows.find((r) => r.allowedDomains.split(',').includes(domain));
    return row ? this.open(row) : null;
  }

  async provider(schoolId: string): Promise<ProviderSettings | null> {
    const row = await this.dataSource
      .getRepository(SchoolSignIn)
      .findOne({ where: { schoolId, enabled: true } });
    return row ? this.open(row) : null;
  }

  private open(row: SchoolSignIn): ProviderSettings {
    return {
      schoolId: row.schoolId,
      issuer: row.issuer,
      clientId: row.clientId,
      clientSecret: this.box.open(SEAL_PURPOSE, row.clientSecret),
      allowedDomains: row.allowedDomains.split(',').filter(Boolean),
      staffForUnknownPeople: row.staffForUnknownPeople,
    };
  }
}

function normaliseDomains(domains: string[]): string[] {
  const cleaned = [
    ...new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean)),
  ];
  const bad = cleaned.filter((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d));
  if (bad.length > 0 || cleaned.length === 0) {
    throw new DomainException(400, 'VALIDATION_FAILED', [
      'allowedDomains must list one or more domains such as oak.example',
    ]);
  }
  return cleaned;
}

function toResponse(row: SchoolSignIn | null): SchoolSignInResponse {
  return {
    enabled: row?.enabled ?? false,
    issuer: row?.issuer ?? '',
    clientId: row?.clientId ?? '',
    clientSecretSet: Boolean(row?.clientSecret),
    allowedDomains: row?.allowedDomains.split(',').filter(Boolean) ?? [],
    staffForUnknownPeople: row?.staffForUnknownPeople ?? false,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
