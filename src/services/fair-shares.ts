/**
 * The fair shares of reads and validation, one set per process: per credential, a rate and a
 * number of reads in flight; per client address, the same for anonymous dry-run validations. A
 * refusal is a 429 with Retry-After and the RateLimit headers (http/caller.ts asks before a
 * request's work is done). Kept in this process's memory (rate-limiter-flexible); a slot is
 * given back when its response finishes or its connection closes.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sha256Hex } from '../domain/crypto.js';
import { tooManyRequests, type AppError } from '../errors.js';

/** What a slot is held for: an HTTP response, which says when it has finished or its connection closed. */
export interface Finishing {
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** The RateLimit fields (IETF draft "RateLimit header fields for HTTP"): the policy, what is left, when it resets. */
export function rateLimitHeaders(policy: string, limit: number, res: RateLimiterRes): Record<string, string> {
  const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return { 'RateLimit-Policy': `"${policy}";q=${limit};w=1`, RateLimit: `"${policy}";r=${Math.max(0, res.remainingPoints)};t=${reset}`, 'Retry-After': String(reset) };
}

export interface FairShareLimits {
  /** Reads per second per credential (GET and HEAD, and dry-run validations made signed in). */
  readsPerSecondPerCredential: number;
  /** Reads of one credential in flight at once. */
  readsInFlightPerCredential: number;
  /** Anonymous dry-run validations per second per client address. */
  validationsPerSecondPerAddress: number;
  /** Anonymous dry-run validations of one client address in flight at once. */
  validationsInFlightPerAddress: number;
}

/**
 * One fair share: at most `perSecond` per rate key and second, and `inFlight` per holder at once
 * (the holder: the token presented, so that a busy one is refused before it is looked up).
 */
interface Share {
  /** The refusal when this holder has its share in flight already. */
  busy(holder: string): AppError | undefined;
  /** Resolves to the refusal, or undefined once admitted (the slot is given back when the response ends). */
  admit(rateKey: string, holder: string, res: Finishing): Promise<AppError | undefined>;
}

function share(policy: string, perSecond: number, inFlight: number, what: string): Share {
  const limiter = new RateLimiterMemory({ keyPrefix: policy, points: perSecond, duration: 1 });
  const inFlightBy = new Map<string, number>();
  const busy = (holder: string) => ((inFlightBy.get(holder) ?? 0) >= inFlight ? tooManyRequests(`at most ${inFlight} ${what} at once`, { 'Retry-After': '1' }) : undefined);
  return {
    busy,
    async admit(rateKey, holder, res) {
      const refusal = busy(holder);
      if (refusal) return refusal;
      try {
        await limiter.consume(rateKey);
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        return tooManyRequests(`at most ${perSecond} ${what} per second`, rateLimitHeaders(policy, perSecond, refused));
      }
      inFlightBy.set(holder, (inFlightBy.get(holder) ?? 0) + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const n = (inFlightBy.get(holder) ?? 1) - 1;
        if (n <= 0) inFlightBy.delete(holder);
        else inFlightBy.set(holder, n);
      };
      res.once('finish', release);
      res.once('close', release);
      return undefined;
    },
  };
}

/** The fair shares of reads and validation, one set per process (built once by the composition root). */
export interface FairShares {
  /**
   * The refusal for a credential token (bearer or session cookie) that has its reads in flight
   * already, or whose credential was over its rate a moment ago (until its window ends): a flood
   * that ignores Retry-After is refused without looking its credential up again.
   */
  heldBack(token: string | undefined): AppError | undefined;
  /** Counts one read of an authenticated credential, presented as `token`. */
  admitRead(credentialId: string, token: string | undefined, res: Finishing): Promise<AppError | undefined>;
  /** Counts one anonymous validation from a client address. */
  admitAnonymous(address: string, res: Finishing): Promise<AppError | undefined>;
}

/** Tokens held back at once at most; past it the oldest are forgotten (they are only a shortcut). */
const MAX_HELD_BACK = 10_000;

export function createFairShares(limits: FairShareLimits): FairShares {
  const reads = share('reads-per-credential', limits.readsPerSecondPerCredential, limits.readsInFlightPerCredential, 'reads of one credential');
  const anonymous = share('validations-per-address', limits.validationsPerSecondPerAddress, limits.validationsInFlightPerAddress, 'anonymous validations from one address');
  // Tokens hashed: the maps must not keep secrets for longer than a request does.
  const heldBackUntil = new Map<string, { until: number; refusal: AppError }>();
  return {
    heldBack(token) {
      if (token === undefined) return undefined;
      const key = sha256Hex(token);
      const busy = reads.busy(key);
      if (busy) return busy;
      const held = heldBackUntil.get(key);
      if (!held) return undefined;
      if (held.until > Date.now()) return held.refusal;
      heldBackUntil.delete(key);
      return undefined;
    },
    async admitRead(credentialId, token, res) {
      const holder = token !== undefined ? sha256Hex(token) : `credential:${credentialId}`;
      const refusal = await reads.admit(credentialId, holder, res);
      // Over its rate (not merely busy): held back by token until the window ends.
      if (refusal && token !== undefined && refusal.headers.RateLimit !== undefined) {
        if (heldBackUntil.size >= MAX_HELD_BACK) heldBackUntil.delete(heldBackUntil.keys().next().value!);
        heldBackUntil.set(holder, { until: Date.now() + Number(refusal.headers['Retry-After']) * 1000, refusal });
      }
      return refusal;
    },
    admitAnonymous: (address, res) => anonymous.admit(address, address, res),
  };
}
