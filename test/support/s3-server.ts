import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A real S3-compatible server for tests: moto's standalone server (`moto_server`, a Python
 * package on this project's machines). scripts/test.sh starts one for the whole run and exports
 * TEST_S3_ENDPOINT; a spec run on its own starts its own. Where neither is possible, the S3
 * suites are skipped and say why (s3Unavailable()), rather than passing without testing.
 */
export const TEST_REGION = 'eu-west-2';
/** moto accepts any key pair; these only have to be present and the same everywhere. */
export const TEST_CREDENTIALS = { accessKeyId: 'moto-test', secretAccessKey: 'moto-test-secret' };

export interface S3Server {
  endpoint: string;
  client: S3Client;
  /** A new bucket, named for the test that uses it. */
  createBucket(name: string): Promise<string>;
  /** The environment that points the app's EVIDENCE_STORE at `bucket/prefix` on this server. */
  env(bucket: string, prefix?: string): Record<string, string>;
  /** Every object under `prefix`, by key. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  emptyBucket(bucket: string): Promise<void>;
  stop(): Promise<void>;
}

let bucketCount = 0;

/** Why the S3 suites cannot run here, or null when they can. */
export function s3Unavailable(): string | null {
  if (process.env.TEST_S3_ENDPOINT) return null;
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  if (found.status === 0) return null;
  return (
    'S3 suite SKIPPED: no S3-compatible server. Install moto (pip install "moto[server]") so ' +
    'moto_server is on PATH, or set TEST_S3_ENDPOINT to a running one'
  );
}

export async function startS3Server(): Promise<S3Server> {
  let child: ChildProcess | null = null;
  let endpoint = process.env.TEST_S3_ENDPOINT;
  if (!endpoint) {
    const port = await freePort();
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    endpoint = `http://127.0.0.1:${port}`;
    await waitUntilServing(endpoint, child, () => output);
  }
  const client = new S3Client({
    region: TEST_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });
  const url = endpoint;
  const keys = async (bucket: string, prefix = ''): Promise<string[]> => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      found.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return found.sort();
  };
  return {
    endpoint: url,
    client,
    async createBucket(name) {
      // One moto serves every jest worker: the pid and a counter keep the names apart.
      const bucket = `${name}-${process.pid}-${++bucketCount}`.toLowerCase().slice(0, 63);
      await client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
        }),
      );
      return bucket;
    },
    env(bucket, prefix = 'evidence') {
      return {
        EVIDENCE_STORE: `s3://${bucket}/${prefix}`,
        AWS_ENDPOINT_URL: url,
        AWS_REGION: TEST_REGION,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      };
    },
    keys,
    async emptyBucket(bucket) {
      const all = await keys(bucket);
      if (all.length === 0) return;
      await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: all.map((Key) => ({ Key })) },
        }),
      );
    },
    async stop() {
      client.destroy();
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early:\n${output()}`);
    try {
      await fetch(endpoint);
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
