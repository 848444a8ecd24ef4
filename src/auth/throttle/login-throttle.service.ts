import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { RateLimiterRes, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { TooManyRequestsException } from '../../common/errors/domain.exception.js';
import { AppConfig } from '../../config/app-config.js';
import { RateLimiterFactory } from './rate-limiter.factory.js';

const MINUTE = 60;
/** One address: a school's staff share one public address, so this is generous. */
export const ADDRESS_ATTEMPTS = 30;
/** One account from one address: a few typos, far too few to guess a password. */
export const PAIR_ATTEMPTS = 5;
/** One account from every address together (a guesser spread over many addresses). */
export const ACCOUNT_ATTEMPTS = 20;
export const WINDOW_SECONDS = 15 * MINUTE;
/** Each time one address exhausts an account's attempts again, its wait doubles, up to a day. */
const MAX_BLOCK_SECONDS = 24 * 60 * MINUTE;
/** Second-factor codes: six digits need a tight limit of their own. */
export const SECOND_FACTOR_ATTEMPTS = 5;

export const THROTTLED_MESSAGE = 'Too many sign-in attempts; try again later';

/**
 * The sign-in throttle. Every attempt is counted before its password is checked, by one atomic
 * upsert per limit in the shared database, so parallel requests and several instances cannot
 * slip past it: of 50 wrong passwords sent at once for one account, 5 reach argon2.
 *
 * It slows the guesser, not the owner: limits are per address, per account-and-address (with a
 * wait that grows each time it is exhausted again), and per account across all addresses. The
 * last one, which a guesser anywhere could exhaust, does not stop an account that has a second
 * factor: a right password alone gives nothing there, so the owner's password plus second
 * factor still gets in. Password-only accounts are let in again by a password reset (which
 * clears the account's counts) or by their school's provider, which no password limit touches.
 */
@Injectable()
export class LoginThrottleService {
  private readonly byAddress: RateLimiterStoreAbstract;
  private readonly byPair: RateLimiterStoreAbstract;
  private readonly byAccount: RateLimiterStoreAbstract;
  private readonly strikes: RateLimiterStoreAbstract;
  private readonly secondFactor: RateLimiterStoreAbstract;
  private readonly resetsByAddress: RateLimiterStoreAbstract;
  private readonly resetsByAccount: RateLimiterStoreAbstract;
  private readonly ssoStarts: RateLimiterStoreAbstract;

  constructor(
    private readonly limiters: RateLimiterFactory,
    private readonly config: AppConfig,
  ) {
    const window = WINDOW_SECONDS;
    this.byAddress = limiters.create({
      name: 'login_addr',
      points: ADDRESS_ATTEMPTS,
      durationSeconds: window,
    });
    this.byPair = limiters.create({
      name: 'login_pair',
      points: PAIR_ATTEMPTS,
      durationSeconds: window,
    });
    this.byAccount = limiters.create({
      name: 'login_acct',
      points: ACCOUNT_ATTEMPTS,
      durationSeconds: window,
    });
    this.strikes = limiters.create({
      name: 'login_strikes',
      points: 1_000_000,
      durationSeconds: 24 * 60 * MINUTE,
    });
    this.secondFactor = limiters.create({
      name: 'login_2fa',
      points: SECOND_FACTOR_ATTEMPTS,
      durationSeconds: window,
    });
    const hour = 60 * MINUTE;
    this.resetsByAddress = limiters.create({
      name: 'reset_addr',
      points: 20,
      durationSeconds: hour,
    });
    this.ssoStarts = limiters.create({
      name: 'sso_addr',
      points: ADDRESS_ATTEMPTS,
      durationSeconds: WINDOW_SECONDS,
    });
    this.resetsByAccount = limiters.create({
      name: 'reset_acct',
      points: 3,
      durationSeconds: hour,
    });
  }

  /**
   * Reset mail: a few per account an hour (no mailbox flooding), more per address (a school
   * shares one). Over the limit the request is answered as usual and nothing is sent.
   */
  async admitResetRequest(email: string, address: string): Promise<boolean> {
    try {
      await this.resetsByAddress.consume(this.key('reset_address', address));
      await this.resetsByAccount.consume(this.key('reset_account', email));
      return true;
    } catch (rejection) {
      asRes(rejection);
      return false;
    }
  }

  /** Each start of a school-account sign-in stores its state: one address may not flood that. */
  async admitSsoStart(address: string): Promise<void> {
    await consumeOrRefuse(this.ssoStarts, this.key('sso_address', address));
  }

  /**
   * Counts one attempt, or refuses it (429) without it reaching the password check.
   * `hasSecondFactor` is asked only when the account-wide limit is exhausted.
   */
  async admit(
    email: string,
    address: string,
    hasSecondFactor: () => Promise<boolean>,
  ): Promise<void> {
    const addressKey = this.key('address', address);
    const pairKey = this.key('pair', `${email}\n${address}`);
    const accountKey = this.key('account', email);
    await consumeOrRefuse(this.byAddress, addressKey);
    try {
      await this.byPair.consume(pairKey);
    } catch (rejection) {
      const res = asRes(rejection);
      if (res.consumedPoints === PAIR_ATTEMPTS + 1) {
        // The first refusal of this window: make this address wait longer each time.
        const strikes = (await this.strikes.consume(pairKey)).consumedPoints;
        const seconds = Math.min(WINDOW_SECONDS * 2 ** (strikes - 1), MAX_BLOCK_SECONDS);
        await this.byPair.block(pairKey, seconds);
        throw throttled(seconds * 1000);
      }
      throw throttled(res.msBeforeNext);
    }
    try {
      await this.byAccount.consume(accountKey);
    } catch (rejection) {
      const res = asRes(rejection);
      if (!(await hasSecondFactor())) throw throttled(res.msBeforeNext);
    }
  }

  /** The password was right: this address's attempts at this account start again. */
  async passwordAccepted(email: string, address: string): Promise<void> {
    await this.byPair.delete(this.key('pair', `${email}\n${address}`));
    await this.strikes.delete(this.key('pair', `${email}\n${address}`));
    await this.byAddress.reward(this.key('address', address), 1);
  }

  /** The person is fully signed in (or proved their mailbox): the account's counts start again. */
  async clearAccount(email: string): Promise<void> {
    await this.byAccount.delete(this.key('account', email));
  }

  /** Counts one second-factor attempt for a person, or refuses it. */
  async admitSecondFactor(userId: string): Promise<void> {
    await consumeOrRefuse(this.secondFactor, this.key('second_factor', userId));
  }

  async secondFactorAccepted(userId: string): Promise<void> {
    await this.secondFactor.delete(this.key('second_factor', userId));
  }

  /** Keyed HMAC: the table never holds an email address or an IP address in the clear. */
  private key(kind: string, value: string): string {
    return createHmac('sha256', this.config.secretKey)
      .update(`${kind}:${value.toLowerCase()}`)
      .digest('hex');
  }
}

async function consumeOrRefuse(limiter: RateLimiterStoreAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    throw throttled(asRes(rejection).msBeforeNext);
  }
}

/** The library rejects with a RateLimiterRes when over the limit, and with an Error when the store fails. */
function asRes(rejection: unknown): RateLimiterRes {
  if (rejection instanceof RateLimiterRes) return rejection;
  throw rejection;
}

function throttled(ms: number): TooManyRequestsException {
  return new TooManyRequestsException(
    'AUTH_THROTTLED',
    THROTTLED_MESSAGE,
    Math.ceil(Math.max(ms, 1000) / 1000),
  );
}
