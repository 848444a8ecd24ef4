import { expect } from '@jest/globals';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { filesUnder } from './demo.js';
import { TEST_CREDENTIALS, TEST_REGION } from './s3-server.js';

/**
 * Which evidence store the e2e apps use. By default the local directory under DATA_DIR. With
 * TEST_EVIDENCE_STORE=s3, or TEST_EVIDENCE_STORE_S3_SPECS matching the running spec file's
 * path (scripts/test.sh's PostgreSQL pass puts the evidence-facing files on S3, as a larger
 * deployment runs), and TEST_S3_ENDPOINT naming the moto server the script started, each data
 * directory gets a bucket of its own, named from its path, so an app, its CLI and a second
 * instance sharing that directory share the bucket too.
 */
export function onS3(): boolean {
  if (process.env.TEST_EVIDENCE_STORE === 's3') return true;
  const specs = process.env.TEST_EVIDENCE_STORE_S3_SPECS;
  const testPath = expect.getState().testPath;
  return Boolean(specs && testPath && new RegExp(specs).test(testPath));
}

const PREFIX = 'evidence';
let client: S3Client | undefined;

function s3(): S3Client {
  const endpoint = process.env.TEST_S3_ENDPOINT;
  if (!endpoint) throw new Error('TEST_EVIDENCE_STORE=s3 needs TEST_S3_ENDPOINT (scripts/test.sh)');
  client ??= new S3Client({
    region: TEST_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });
  return client;
}

export function bucketFor(dataDir: string): string {
  return `e2e-${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
}

/** The variables that point an app at the evidence store for `dataDir`, made ready for use. */
export async function evidenceStoreEnv(dataDir: string): Promise<Record<string, string>> {
  if (!onS3()) return {};
  const bucket = bucketFor(dataDir);
  try {
    await s3().send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'BucketAlreadyOwnedByYou') throw error;
  }
  return {
    EVIDENCE_STORE: `s3://${bucket}/${PREFIX}`,
    AWS_ENDPOINT_URL: process.env.TEST_S3_ENDPOINT!,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
}

/** A stored file as an operator finds it: where it is, relative to the store, and its bytes. */
export interface StoredObject {
  /** `<aa>/<sha256>` where it belongs. */
  path: string;
  bytes: Buffer;
}

/** Everything in the evidence store of `dataDir`, read straight from the disk or the bucket. */
export async function storedObjects(dataDir: string): Promise<StoredObject[]> {
  if (!onS3()) {
    const root = join(dataDir, 'evidence');
    return filesUnder(root).map((file) => ({
      path: relative(root, file).split(sep).join('/'),
      bytes: readFileSync(file),
    }));
  }
  const bucket = bucketFor(dataDir);
  const found: StoredObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3()
      .send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
      .catch((error: Error) => {
        if (error.name === 'NoSuchBucket')
          return { Contents: [], NextContinuationToken: undefined };
        throw error;
      });
    for (const object of page.Contents ?? []) {
      const got = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      found.push({
        path: object.Key!.slice(PREFIX.length + 1),
        bytes: Buffer.from(await got.Body!.transformToByteArray()),
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return found;
}
