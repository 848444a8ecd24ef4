import { Injectable } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import type { Request } from 'express';
import { FORBIDDEN_KEYS } from '../../common/body-shape.middleware.js';
import { DomainException } from '../../common/errors/domain.exception.js';
import { validateDto } from '../../common/validate-dto.js';
import { FileStore } from '../file-store/file-store.js';
import { MultipartReader, type UploadedFile } from './multipart-reader.js';

export interface UploadForm<T> {
  dto: T;
  files: UploadedFile[];
}

export interface UploadFormOptions {
  /** JSON bodies are allowed (without files) as well as multipart. */
  allowJson: boolean;
  /** Fields that may repeat; every other field must appear at most once. */
  repeatable: readonly string[];
  /** The only field that may carry files. */
  fileField: string;
  /**
   * A repeated field with one value per file (a capture time), blank where that file has none.
   * When it comes once per file box (a page's row of box and time), its values are paired with
   * the boxes, so an empty box drops its own time and a blank time stays on its own file.
   */
  perFile?: string;
}

/**
 * Turns a request into a validated DTO plus the files already waiting in tmp/. If the
 * fields are bad, the files are deleted before the error leaves: nothing is left behind.
 */
@Injectable()
export class UploadFormReader {
  constructor(
    private readonly multipart: MultipartReader,
    private readonly store: FileStore,
  ) {}

  async read<T extends object>(
    req: Request,
    dtoClass: ClassConstructor<T>,
    options: UploadFormOptions,
  ): Promise<UploadForm<T>> {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data')) {
      const form = await this.multipart.read(req, { fileField: options.fileField });
      let flat: Record<string, unknown> = {};
      try {
        const perFile = options.perFile;
        const values = perFile ? form.fields[perFile] : undefined;
        if (perFile && values && values.length === form.fileParts.length)
          form.fields[perFile] = form.fileParts.flatMap((file, i) => (file ? [values[i]] : []));
        flat = flatten(form.fields, options.repeatable, perFile);
        return { dto: await validateDto(dtoClass, flat), files: form.files };
      } catch (error) {
        await this.discard(form.files);
        // Lets a page show the form again with what the person typed.
        if (error instanceof DomainException) error.formValues = flat;
        throw error;
      }
    }
    if (options.allowJson && type.startsWith('application/json')) {
      return { dto: await validateDto(dtoClass, req.body), files: [] };
    }
    throw new DomainException(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      options.allowJson
        ? 'Send multipart/form-data or application/json'
        : 'Send multipart/form-data',
    );
  }

  /** read(), then `use`; the files `use` did not commit are removed whether it succeeds or not. */
  async withForm<T extends object, R>(
    req: Request,
    dtoClass: ClassConstructor<T>,
    options: UploadFormOptions,
    use: (form: UploadForm<T>) => Promise<R>,
  ): Promise<R> {
    const form = await this.read(req, dtoClass, options);
    try {
      return await use(form);
    } finally {
      // Committed files have left tmp/; this only removes what a refusal left there.
      await this.discard(form.files);
    }
  }

  async discard(files: UploadedFile[]): Promise<void> {
    await Promise.all(files.map((f) => this.store.discard(f.received)));
  }
}

function flatten(
  fields: Record<string, string[]>,
  repeatable: readonly string[],
  perFile?: string,
): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(fields)) {
    if (FORBIDDEN_KEYS.has(key)) {
      problems.push(`property ${key} should not exist`);
      continue;
    }
    // A browser sends every empty box as ""; an empty box means "not given". A per-file field
    // keeps its blanks while any value is given: each stands for its own file.
    const given = fields[key].filter((v) => v !== '');
    if (given.length === 0) continue;
    const values = key === perFile ? fields[key] : given;
    if (repeatable.includes(key)) flat[key] = values;
    else if (values.length > 1) problems.push(`${key} must be given once`);
    else flat[key] = values[0];
  }
  if (problems.length > 0) throw new DomainException(400, 'VALIDATION_FAILED', problems);
  return flat;
}
