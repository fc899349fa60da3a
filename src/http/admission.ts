/**
 * Admission control for signed submissions: at most `limit` are read, verified and stored at once
 * in this process. One more is told 429 with Retry-After before its body is read, so memory stays
 * bounded by limit x body limit however many large submissions arrive together, and the client
 * knows it may retry (nothing of it was stored).
 */
import type { RequestHandler } from 'express';
import { tooManySubmissions } from '../errors.js';

export function admitSubmissions(limit: number): RequestHandler {
  let inFlight = 0;
  return (req, res, next) => {
    if (inFlight >= limit) {
      next(tooManySubmissions());
      return;
    }
    inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
