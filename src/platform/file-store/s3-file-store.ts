import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { EvidenceStoreConfig } from '../../config/app-config.js';
import { FileStore, type ReceiveOptions, type ReceivedFile } from './file-store.js';
import { SHA256_HEX } from './store-layout.js';
import { assertSha256, TempArea, type TempFile } from './temp-area.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../file-types/file-type.types.js';

type S3Config = Extract<EvidenceStoreConfig, { kind: 's3' }>;

/** The client for one S3-compatible service, configured only from AppConfig. */
export function createS3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // The SHA-256 of every upload is known before it is sent (it names the object) and goes
    // with it as x-amz-checksum-sha256; the SDK's own CRC32 would need aws-chunked bodies,
    // which several S3-compatible services do not take.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

/**
 * The FileStore on S3-compatible object storage: an upload is streamed into DATA_DIR/tmp while
 * hashed and judged by its bytes (TempArea, as for the local store), and only then uploaded, as
 * `<prefix>/<aa>/<sha256>`. So no object is ever named by a hash its bytes were not checked
 * against; the upload carries that SHA-256 for the service to check the bytes it received, and
 * `If-None-Match: *` so an object, once stored, is never overwritten. The temp copy stays until
 * the upload is recorded (discard()), so ensureStored() can put back an object that a failed
 * upload of the same bytes removed meanwhile.
 */
@Injectable()
export class S3FileStore extends FileStore implements OnApplicationShutdown {
  private readonly temp: TempArea;
  /** Received files whose object this store created (rather than finding it there). */
  private readonly created = new WeakSet<TempFile>();

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    dataDir: string,
    private readonly imageLimits: ImageLimits = DEFAULT_IMAGE_LIMITS,
  ) {
    super();
    this.temp = new TempArea(join(dataDir, 'tmp'));
  }

  static fromConfig(config: S3Config, dataDir: string): S3FileStore {
    return new S3FileStore(createS3Client(config), config.bucket, config.prefix, dataDir);
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  async checkReady(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = statusOf(error);
      const why =
        status === 404
          ? 'the bucket does not exist'
          : status === 403 || status === 401
            ? 'access is denied (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)'
            : `the service did not answer (${(error as Error).name}; check AWS_ENDPOINT_URL)`;
      throw new Error(`EVIDENCE_STORE ${this.location} cannot be used: ${why}`);
    }
  }

  async receive(source: Readable, { maxBytes }: ReceiveOptions): Promise<ReceivedFile> {
    const { mimeType, ...file } = await this.temp.write(source, {
      maxBytes,
      imageLimits: this.imageLimits,
    });
    return { ...file, mimeType: mimeType! };
  }

  /** Uploads a received file unless its bytes are already stored; returns the object's key. */
  async commit(received: ReceivedFile): Promise<string> {
    return this.upload(received);
  }

  movedIn(received: ReceivedFile): boolean {
    return this.created.has(received);
  }

  /**
   * Just before the upload is recorded: the object must still be there. If a failed upload of
   * the same bytes removed it meanwhile, it goes back up from this upload's own temp copy.
   */
  async ensureStored(received: ReceivedFile): Promise<void> {
    if (await this.exists(received.sha256)) return;
    this.created.delete(received);
    await this.upload(received);
  }

  /** The temp copy is kept after an upload (see ensureStored), so it is always removed here. */
  async discard(received: ReceivedFile): Promise<void> {
    await this.temp.remove(received.tempPath);
  }

  async restoreFile(sha256: string, source: Readable): Promise<boolean> {
    assertSha256(sha256);
    const file = await this.temp.write(source, { maxBytes: Number.MAX_SAFE_INTEGER });
    try {
      if (file.sha256 !== sha256) return false;
      await this.upload(file);
      return true;
    } finally {
      await this.temp.remove(file.tempPath);
    }
  }

  /** Only to undo an upload whose record then failed, or an orphan: see FileStore.remove. */
  async remove(sha256: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }),
    );
  }

  /** The object's bytes as a stream; a missing object errors the stream, as a missing file does. */
  openRead(sha256: string): Readable {
    const key = this.keyOf(sha256);
    const out = new PassThrough();
    this.client
      .send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
        abortSignal: abortedWhenClosed(out),
      })
      .then(({ Body }) => {
        const body = Body as Readable;
        body.on('error', (error) => out.destroy(error));
        body.pipe(out);
        // A reader that stops early must not leave the response open.
        out.on('close', () => body.destroy());
      })
      .catch((error: unknown) => out.destroy(error as Error));
    return out;
  }

  async exists(sha256: string): Promise<boolean> {
    const key = this.keyOf(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  async verify(sha256: string): Promise<boolean> {
    const key = this.keyOf(sha256);
    let body: Readable;
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      body = response.Body as Readable;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
    const hash = createHash('sha256');
    for await (const chunk of body) hash.update(chunk as Buffer);
    return hash.digest('hex') === sha256;
  }

  async *listStored(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    const root = this.prefix ? `${this.prefix}/` : '';
    for await (const page of paginateListObjectsV2(
      { client: this.client, pageSize: 1000 },
      { Bucket: this.bucket, Prefix: root },
    )) {
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(object.Key.lastIndexOf('/') + 1) ?? '';
        // Only objects under their own shard are evidence; anything else in the bucket is not ours.
        if (!SHA256_HEX.test(name) || object.Key !== this.keyOf(name)) continue;
        yield { sha256: name, storedAt: object.LastModified ?? new Date(0) };
      }
    }
  }

  /** Object storage never had the older directory layout. */
  async migrateLegacyLayout(): Promise<number> {
    return 0;
  }

  async sweepTemp(olderThanMs = 0): Promise<number> {
    return this.temp.sweep(olderThanMs);
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private keyOf(sha256: string): string {
    const checked = assertSha256(sha256);
    const shard = `${checked.slice(0, 2)}/${checked}`;
    return this.prefix ? `${this.prefix}/${shard}` : shard;
  }

  /**
   * PUT with If-None-Match: * from the temp copy, whose bytes hashed to `file.sha256`. A 412
   * means the object exists already (the same bytes, by its name), which is as good.
   */
  private async upload(file: TempFile): Promise<string> {
    this.temp.assertOwn(file.tempPath);
    const key = this.keyOf(file.sha256);
    if (await this.exists(file.sha256)) return key;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: createReadStream(file.tempPath),
          ContentLength: file.size,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: Buffer.from(file.sha256, 'hex').toString('base64'),
          IfNoneMatch: '*',
        }),
      );
      this.created.add(file);
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
    }
    return key;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function abortedWhenClosed(stream: PassThrough): AbortSignal {
  const controller = new AbortController();
  stream.once('close', () => controller.abort());
  return controller.signal;
}
