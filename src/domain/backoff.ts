/**
 * Exponential backoff with jitter for notification retries: the wait doubles with each failed
 * attempt up to a ceiling, and is spread over [half, full] so that many messages failing together
 * (a receiver down) do not all come back at the same instant.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
