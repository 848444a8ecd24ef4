import { describe, expect, it } from '@jest/globals';
import { PasswordHasher } from './password-hasher.js';

// The lowest cost argon2 accepts: these tests are about the decoy, not the hash's strength.
const CHEAP = { timeCost: 2, memoryCost: 1024, parallelism: 1 };

describe('PasswordHasher', () => {
  it('verifies a real hash, and answers no for an unknown account after a full verify', async () => {
    const hasher = new PasswordHasher(CHEAP);
    const hash = await hasher.hash('correct horse');

    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'wrong')).toBe(false);
    // No bootstrap hook has run: the decoy is made on demand, then verified against.
    expect(await hasher.verify(null, 'correct horse')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'correct horse')).toBe(false);
  });

  it('makes one decoy, in the background at start, and reuses it', async () => {
    const hasher = new PasswordHasher(CHEAP);
    let hashes = 0;
    const hash = hasher.hash.bind(hasher);
    hasher.hash = (password: string) => {
      hashes++;
      return hash(password);
    };

    hasher.onApplicationBootstrap();
    await Promise.all([hasher.verify(null, 'a'), hasher.verify(null, 'b')]);
    await hasher.verify(null, 'c');

    expect(hashes).toBe(1);
  });

  it('tries the decoy again after a failed attempt instead of answering at once', async () => {
    const hasher = new PasswordHasher(CHEAP);
    let attempts = 0;
    const hash = hasher.hash.bind(hasher);
    hasher.hash = (password: string) =>
      ++attempts === 1 ? Promise.reject(new Error('out of memory')) : hash(password);

    hasher.onApplicationBootstrap();
    expect(await hasher.verify(null, 'a')).toBe(false);
    expect(await hasher.verify(null, 'b')).toBe(false);

    expect(attempts).toBe(2);
  });
});
