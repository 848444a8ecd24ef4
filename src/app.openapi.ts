import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  BEARER_SCHEME,
  CSRF_SCHEME,
  SESSION_SCHEME,
} from './common/decorators/access.decorators.js';
import { SESSION_COOKIE } from './auth/access.guard.js';
import { ErrorResponse } from './common/errors/error.response.js';
import type { AppConfig } from './config/app-config.js';

const TAGS: [string, string][] = [
  ['auth', 'Signing in and out, second factors, passwords, and who is signed in'],
  ['people', "A school's people: adding, roles, leavers, importing from the MIS"],
  ['schools', "A school's policy catalogue and its sign-in settings"],
  ['reports', 'Filing a report, with or without screenshots'],
  ['cases', 'Reading cases and moving them through the workflow'],
  ['evidence', 'Adding evidence to a case and downloading it'],
  ['documents', 'Case files as PDFs, and checking a PDF is genuine'],
  ['audit', 'The hash-chained audit log'],
  ['records', 'Retention and legal holds on cases'],
  ['health', 'Liveness and readiness'],
];

const UNSAFE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The OpenAPI document at /api/docs-json. DTOs and controllers are described by the
 * @nestjs/swagger compiler plugin (nest-cli.json) plus `@Roles` and `@ApiErrors`; this adds
 * what only the whole document knows.
 */
export function createOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('School social-media case tracker')
    .setDescription(
      'Reports of social-media policy breaches and online abuse, and their investigation. ' +
        'Every error answer has the body `ErrorResponse`; its `code` is stable.',
    )
    .setVersion('1')
    .addServer(config.publicUrl)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description:
          'The `accessToken` from POST /api/v1/auth/login: an opaque token the server can ' +
          'revoke (POST /api/v1/auth/logout ends it at once), not a JWT.',
      },
      BEARER_SCHEME,
    )
    .addSecurity(SESSION_SCHEME, {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description:
        'The httpOnly session cookie the login sets for the web pages. A request that changes ' +
        'anything with it must also send the X-CSRF-Token header.',
    })
    .addSecurity(CSRF_SCHEME, {
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
      description:
        "The page's form token; needed only with the session cookie, never with a bearer token.",
    });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ErrorResponse],
  });
  describeAccess(document);
  describeIds(document);
  keepFilesOutOfJson(document);
  return document;
}

type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, object>;
  parameters?: { in: string; name: string; schema?: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema?: Schema; encoding?: object }> };
};
type Schema = {
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  format?: string;
  items?: Schema;
};

function operations(document: OpenAPIObject): [string, Operation][] {
  return Object.values(document.paths).flatMap((item) =>
    Object.entries(item).filter(
      (entry): entry is [string, Operation] =>
        typeof entry[1] === 'object' && entry[1] !== null && 'responses' in entry[1],
    ),
  );
}

/**
 * Security as the guards apply it: `@Public` routes need nothing; with the session cookie,
 * a state-changing request also needs the CSRF header (CsrfGuard), a read does not.
 */
function describeAccess(document: OpenAPIObject): void {
  for (const [method, operation] of operations(document)) {
    if (!operation.security?.length) {
      operation.security = [];
      continue;
    }
    if (UNSAFE_METHODS.has(method)) {
      operation.security = operation.security.map((requirement) =>
        SESSION_SCHEME in requirement ? { ...requirement, [CSRF_SCHEME]: [] } : requirement,
      );
      operation.responses['403'] ??= {
        description: 'A request riding on the session cookie without a valid X-CSRF-Token',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
      };
    }
  }
}

/** API.md: ids are UUIDs, so every path parameter that names one (`id`, `schoolId`) is one. */
function describeIds(document: OpenAPIObject): void {
  for (const [, operation] of operations(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path' && /^(id|\w+Id)$/.test(parameter.name)) {
        parameter.schema = { type: 'string', format: 'uuid' };
      }
    }
  }
}

/**
 * A route that takes multipart or JSON (filing a report) shares one body schema in
 * @nestjs/swagger; files and part encodings belong to the multipart form only.
 */
function keepFilesOutOfJson(document: OpenAPIObject): void {
  const isFileOnly = (schema: Schema) => {
    const properties = Object.values(schema.properties ?? {});
    return (
      properties.length > 0 &&
      properties.every((p) => p.format === 'binary' || p.items?.format === 'binary')
    );
  };
  for (const [, operation] of operations(document)) {
    const json = operation.requestBody?.content['application/json'];
    if (!json) continue;
    delete json.encoding;
    const parts = json.schema?.allOf?.filter((part) => !isFileOnly(part));
    if (parts) json.schema = parts.length === 1 ? parts[0] : { allOf: parts };
  }
}
