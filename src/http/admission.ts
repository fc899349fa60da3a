/**
 * Admission of signed submissions, decided before a body is read (so refusing is cheap): per
 * credential and per organisation a rate (rate-limiter-flexible, in this process's memory) and a
 * number in flight, so one client's flood is refused with 429 and leaves the others' submissions
 * their share of the process; and per process at most `limit` read, verified and stored at once, so
 * memory stays bounded by limit x body limit. Every refusal is 429 with Retry-After and the
 * RateLimit headers; nothing of it was stored. The fair shares of reads per credential and of
 * anonymous validation per address are services/fair-shares.ts.
 */
import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManySubmissions, tooManySubmissionsFromCaller } from '../errors.js';
import { rateLimitHeaders } from '../services/fair-shares.js';


export interface AdmissionLimits {
  /** Submissions in flight in this process. */
  perProcess: number;
  /** Submissions in flight per credential. */
  inFlightPerCredential: number;
  /** Submissions per second per credential, and per organisation (all its credentials). */
  perCredentialPerSecond: number;
  perOrganisationPerSecond: number;
}

export function admitSubmissions(limits: AdmissionLimits): RequestHandler {
  let inFlight = 0;
  const inFlightBy = new Map<string, number>();
  const byCredential = new RateLimiterMemory({ keyPrefix: 'credential', points: limits.perCredentialPerSecond, duration: 1 });
  const byOrganisation = new RateLimiterMemory({ keyPrefix: 'organisation', points: limits.perOrganisationPerSecond, duration: 1 });

  return (req, res, next) => {
    const caller = req.caller;
    if (inFlight >= limits.perProcess) {
      next(tooManySubmissions());
      return;
    }
    const credential = caller?.credentialId ?? 'anonymous';
    if ((inFlightBy.get(credential) ?? 0) >= limits.inFlightPerCredential) {
      next(tooManySubmissionsFromCaller(`at most ${limits.inFlightPerCredential} submissions of one credential at once`, { 'Retry-After': '1' }));
      return;
    }
    // Taken now, before anything is awaited: a client gone meanwhile still releases its slot.
    inFlight++;
    inFlightBy.set(credential, (inFlightBy.get(credential) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
      const n = (inFlightBy.get(credential) ?? 1) - 1;
      if (n <= 0) inFlightBy.delete(credential);
      else inFlightBy.set(credential, n);
    };
    res.once('finish', release);
    res.once('close', release);
    void (async () => {
      // The caller's own rate first, then its organisation's (all its credentials together).
      for (const [limiter, key, policy, limit] of [
        [byCredential, credential, 'per-credential', limits.perCredentialPerSecond],
        [byOrganisation, caller?.organisationId ?? 'anonymous', 'per-organisation', limits.perOrganisationPerSecond],
      ] as const) {
        try {
          const left = await limiter.consume(key);
          if (policy === 'per-credential') for (const [name, value] of Object.entries(rateLimitHeaders(policy, limit, left))) if (name !== 'Retry-After') res.setHeader(name, value);
        } catch (refused) {
          if (!(refused instanceof RateLimiterRes)) throw refused;
          release();
          next(tooManySubmissionsFromCaller(`at most ${limit} submissions per second ${policy.replace('-', ' ')}`, rateLimitHeaders(policy, limit, refused)));
          return;
        }
      }
      next();
    })().catch((err: unknown) => {
      release();
      next(err);
    });
  };
}
