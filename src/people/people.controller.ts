import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { Roles } from '../common/decorators/access.decorators.js';
import { CurrentActor } from '../common/decorators/current-actor.decorator.js';
import { ErrorResponse } from '../common/errors/error.response.js';
import { CsvUploadInterceptor } from './csv-upload.interceptor.js';
import {
  AddPersonDto,
  ImportQuery,
  ImportResponse,
  SchoolPersonResponse,
  SetRolesDto,
} from './dto/people.dto.js';
import { PeopleImportService } from './people-import.service.js';
import { PeopleService } from './people.service.js';

const NOT_YOURS = {
  type: ErrorResponse,
  description: 'not an admin of that school, or no such person',
};

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/schools/:schoolId/people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly imports: PeopleImportService,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Everyone with a role at the school' })
  @ApiOkResponse({ type: [SchoolPersonResponse] })
  @ApiNotFoundResponse(NOT_YOURS)
  list(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
  ): Promise<SchoolPersonResponse[]> {
    return this.people.list(actor, schoolId);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add a person',
    description:
      'A new account gets an invitation by mail (a link to choose a password, 72 hours, once), ' +
      'unless the school signs in through its provider. An existing account (say, from another ' +
      'school) is given the roles here.',
  })
  @ApiCreatedResponse({ type: SchoolPersonResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'PEOPLE_ROLE_NOT_GRANTABLE (hr)' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'PEOPLE_ALREADY_HERE' })
  add(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: AddPersonDto,
  ): Promise<SchoolPersonResponse> {
    return this.people.add(actor, schoolId, dto);
  }

  @Put(':userId/roles')
  @Roles('admin')
  @ApiOperation({ summary: "Set a person's roles at the school" })
  @ApiOkResponse({ type: SchoolPersonResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'PEOPLE_ROLE_NOT_GRANTABLE' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'PEOPLE_OWN_ADMIN_ROLE' })
  @ApiNotFoundResponse(NOT_YOURS)
  setRoles(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() dto: SetRolesDto,
  ): Promise<SchoolPersonResponse> {
    return this.people.setRoles(actor, schoolId, userId, dto.roles);
  }

  @Post(':userId/deactivate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate a leaver',
    description: 'Their sessions end at once; their cases and their place in them stay.',
  })
  @ApiOkResponse({ type: SchoolPersonResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'PEOPLE_SELF, PEOPLE_ELSEWHERE' })
  @ApiNotFoundResponse(NOT_YOURS)
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<SchoolPersonResponse> {
    return this.people.deactivate(actor, schoolId, userId);
  }

  @Post(':userId/reactivate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Let a deactivated person sign in again' })
  @ApiOkResponse({ type: SchoolPersonResponse })
  @ApiNotFoundResponse(NOT_YOURS)
  reactivate(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<SchoolPersonResponse> {
    return this.people.reactivate(actor, schoolId, userId);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @UseInterceptors(CsvUploadInterceptor)
  @ApiOperation({
    summary: 'Import people from a CSV exported from the MIS',
    description:
      'Columns email, name, role (header on line 1; UTF-8, with or without BOM; quoted fields). ' +
      'dryRun=true (the default) previews each row; dryRun=false imports all rows in one ' +
      'transaction, or none if any row is rejected (400 PEOPLE_IMPORT_REJECTED with the rows). ' +
      'Importing the same file again changes nothing.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', description: 'the CSV text (text/csv)' },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @ApiOkResponse({ type: ImportResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'PEOPLE_IMPORT_REJECTED (with items), PEOPLE_IMPORT_UNREADABLE',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'over 1 MB' })
  @ApiNotFoundResponse(NOT_YOURS)
  import(
    @CurrentActor() actor: Actor,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Query() query: ImportQuery,
    @Body() body: { csv: string },
  ): Promise<ImportResponse> {
    return this.imports.run(actor, schoolId, body.csv, query.dryRun !== 'false');
  }
}
