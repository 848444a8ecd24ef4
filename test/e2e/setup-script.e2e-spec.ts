import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Jest runs from the repository's root, where the scripts expect to be started.
const repo = resolve('.');

/**
 * The set-up's apt step against a stand-in apt-get on PATH that reports the dpkg lock as held a
 * given number of times before it succeeds, as a real apt-get does while unattended-upgrades runs.
 */
function runWaiting(lockedRuns: number, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'apt-'));
  try {
    const calls = join(dir, 'calls');
    writeFileSync(calls, '');
    writeFileSync(
      join(dir, 'apt-get'),
      `#!/usr/bin/env bash
echo "$*" >>"${calls}"
if [ "$(wc -l <"${calls}")" -le ${lockedRuns} ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)" >&2
  echo "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?" >&2
  exit 100
fi
echo installed
`,
    );
    chmodSync(join(dir, 'apt-get'), 0o755);
    const run = spawnSync(
      'bash',
      ['-c', 'source scripts/apt-wait.sh && apt_get_waiting install -y chromium'],
      {
        cwd: repo,
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${dir}:${process.env.PATH}`,
          APT_LOCK_RETRY_SECONDS: '0',
          ...env,
        },
      },
    );
    return { ...run, calls: readFileSync(calls, 'utf8').trim().split('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('set-up: installing Debian packages', () => {
  it('waits while another program holds the package manager, then installs', () => {
    const run = runWaiting(2);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('installed');
    expect(run.calls).toHaveLength(3);
    // apt itself is asked to wait for the dpkg lock too, with the arguments passed through.
    expect(run.calls[0]).toBe('-o DPkg::Lock::Timeout=600 install -y chromium');
    expect(run.stderr.match(/another program holds the apt\/dpkg lock/g)).toHaveLength(2);
  });

  it('gives up after the wait it announced, saying what to do', () => {
    const run = runWaiting(1000, { APT_LOCK_WAIT_SECONDS: '1', APT_LOCK_RETRY_SECONDS: '1' });
    expect(run.status).toBe(100);
    expect(run.stderr).toContain('Could not get lock');
    expect(run.stderr).toMatch(/still locked after \d+s/);
  });

  it('does not retry a failure that is not a lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apt-'));
    try {
      writeFileSync(
        join(dir, 'apt-get'),
        '#!/usr/bin/env bash\necho "E: Unable to locate package chromium" >&2\nexit 100\n',
      );
      chmodSync(join(dir, 'apt-get'), 0o755);
      const run = spawnSync(
        'bash',
        ['-c', 'source scripts/apt-wait.sh && apt_get_waiting install chromium'],
        {
          cwd: repo,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
        },
      );
      expect(run.status).toBe(100);
      expect(run.stderr).toContain('Unable to locate package chromium');
      expect(run.stderr).not.toContain('trying again');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
