import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type Type } from '@nestjs/common';
import {
  APP_FILTER,
  APP_GUARD,
  DiscoveryModule,
  DiscoveryService,
  MetadataScanner,
  Reflector,
} from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SessionService } from '../../src/auth/session.service.js';
import { IS_PUBLIC, REQUIRED_ROLES } from '../../src/common/decorators/access.decorators.js';
import { ErrorFilter } from '../../src/common/filters/error.filter.js';
import { AccessGuard } from '../../src/auth/access.guard.js';
import { createTestApp, TestApp } from '../support/test-app.js';

/** Every route handler of a controller that declares neither @Public nor @Roles. */
function undeclaredRoutes(reflector: Reflector, controller: Type): string[] {
  const prototype = controller.prototype as Record<string, unknown>;
  return new MetadataScanner()
    .getAllMethodNames(prototype)
    .filter((name) => Reflect.getMetadata(PATH_METADATA, prototype[name] as object) !== undefined)
    .filter((name) => {
      const handler = prototype[name] as () => unknown;
      return (
        reflector.getAllAndOverride(IS_PUBLIC, [handler, controller]) === undefined &&
        reflector.getAllAndOverride(REQUIRED_ROLES, [handler, controller]) === undefined
      );
    })
    .map((name) => `${controller.name}.${name}`);
}

@Controller('undeclared')
class UndeclaredController {
  @Get()
  open(): string {
    return 'should never be served';
  }
}

describe('access declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds that every route of every controller declares @Public or @Roles', () => {
    const discovery = t.app.get(DiscoveryService);
    const reflector = t.app.get(Reflector);
    const controllers = discovery.getControllers().map((w) => w.metatype as Type);
    expect(controllers.length).toBeGreaterThanOrEqual(4);
    expect(controllers.flatMap((c) => undeclaredRoutes(reflector, c))).toEqual([]);
  });

  it('would notice an undeclared route (the check above can fail)', () => {
    expect(undeclaredRoutes(new Reflector(), UndeclaredController)).toEqual([
      'UndeclaredController.open',
    ]);
  });

  it('refuses an undeclared route at run time: deny by default', async () => {
    @Module({
      imports: [DiscoveryModule],
      controllers: [UndeclaredController],
      providers: [
        { provide: SessionService, useValue: { resolve: async () => null } },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    })
    class Probe {}
    const moduleRef = await Test.createTestingModule({ imports: [Probe] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await request(app.getHttpServer()).get('/undeclared').expect(403);
    await app.close();
  });
});
