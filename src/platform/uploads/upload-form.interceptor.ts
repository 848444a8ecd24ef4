import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ClassConstructor } from 'class-transformer';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { UploadFormReader, type UploadForm, type UploadFormOptions } from './upload-form.reader.js';

interface UploadFormSpec {
  dtoClass: ClassConstructor<object>;
  options: UploadFormOptions;
}

const UPLOAD_FORM_SPEC = 'uploads:form';
const READ_FORM = Symbol('uploads:read-form');
type RequestWithForm = Request & { [READ_FORM]?: UploadForm<object> };

/**
 * The route's body is read before its handler runs: multipart fields (or JSON, where allowed)
 * validated into `dtoClass`, files streamed into the store's tmp/ and judged by their bytes. A
 * refusal answers before the handler is called. The handler takes the result with
 * @UploadedForm(), so its service is handed typed values, never the request.
 */
export function ReadUploadForm<T extends object>(
  dtoClass: ClassConstructor<T>,
  options: UploadFormOptions,
): MethodDecorator {
  return applyDecorators(
    SetMetadata(UPLOAD_FORM_SPEC, { dtoClass, options } satisfies UploadFormSpec),
    UseInterceptors(UploadFormInterceptor),
  );
}

/** The form @ReadUploadForm read: `{ dto, files }`. */
export const UploadedForm = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): UploadForm<object> => {
    const form = ctx.switchToHttp().getRequest<RequestWithForm>()[READ_FORM];
    if (!form) throw new Error('UploadedForm used on a route without @ReadUploadForm');
    return form;
  },
);

/**
 * Reads the form for @ReadUploadForm, and once the handler has finished (answer or error)
 * removes the files it did not commit, before the answer leaves: nothing stays in tmp/.
 */
@Injectable()
export class UploadFormInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly reader: UploadFormReader,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<UploadFormSpec | undefined>(
      UPLOAD_FORM_SPEC,
      context.getHandler(),
    );
    if (!spec) throw new Error('UploadFormInterceptor used without @ReadUploadForm');
    const req = context.switchToHttp().getRequest<RequestWithForm>();
    return from(
      this.reader.withForm(req, spec.dtoClass, spec.options, (form) => {
        req[READ_FORM] = form;
        return lastValueFrom(next.handle());
      }),
    );
  }
}
