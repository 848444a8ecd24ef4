import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor.js';
import { PolicyResponse } from './dto/policy.response.js';
import { SchoolsService } from './schools.service.js';

/** The catalogue as members see it over the API. */
@Injectable()
export class PolicyService {
  constructor(private readonly schools: SchoolsService) {}

  async current(actor: Actor, schoolId: string): Promise<PolicyResponse> {
    const catalogue = await this.schools.policyFor(actor, schoolId);
    return { version: catalogue.version, clauses: catalogue.clauses };
  }
}
