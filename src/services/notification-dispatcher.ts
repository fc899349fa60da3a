/**
 * Delivers queued notifications: claims a due message (with a lease), POSTs its signed JWS to the
 * municipality's webhook, and records the outcome: delivered on 2xx, otherwise retried with
 * backoff until the attempts run out, then failed (visible to the municipality). Everything is in
 * the database, so a restart simply carries on.
 */
import { retryDelayMs } from '../domain/backoff.js';
import type { Logger } from '../logger.js';
import type { Outbox, OutboxMessage } from './ports/outbox.js';

export interface DispatcherDeps {
  outbox: Outbox;
  /** The outbound call, with the address rule applied where it connects (outbound/webhook-client.ts). */
  post: (url: string, jws: string) => Promise<{ ok: true } | { ok: false; error: string }>;
  clock: () => Date;
  logger: Logger;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Told of each attempt's result (the metrics). */
  onAttempt?: (delivered: boolean) => void;
  /** How long one delivery may take: a claimed message's lease outlasts it. */
  timeoutMs: number;
  pollMs: number;
}

export interface Dispatcher {
  /** Starts the delivery loop (background-jobs.ts); idempotent. */
  start(): void;
  wake(): void;
  stop(): Promise<void>;
}

/** The delivery loop (polling, and woken on each new message), started by `start()`; `stop()` lets a delivery in flight finish. */
export function createDispatcher(d: DispatcherDeps): Dispatcher {
  let running = false;
  let stopped = false;
  let done: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;
  let pendingWake = false;

  async function deliver(m: OutboxMessage): Promise<void> {
    const webhook = await d.outbox.webhook(m.subscriber);
    const attempt = m.attempts + 1;
    const result = webhook ? await d.post(webhook.url, m.jws) : ({ ok: false, error: 'no webhook registered' } as const);
    const at = d.clock();
    d.onAttempt?.(result.ok);
    if (result.ok) {
      await d.outbox.markDelivered(m.id, at, webhook!.url);
      d.logger.info({ notificationId: m.notificationId, attempt }, 'notification delivered');
      return;
    }
    const giveUp = attempt >= d.maxAttempts || !webhook;
    const next = giveUp ? ({ giveUp: true } as const) : { retryAt: new Date(at.getTime() + retryDelayMs(attempt, d.retryBaseMs, d.retryMaxMs)) };
    await d.outbox.markAttemptFailed(m.id, at, result.error, next, webhook?.url);
    d.logger.warn({ notificationId: m.notificationId, attempt, error: result.error, giveUp }, 'notification delivery failed');
  }

  async function loop(): Promise<void> {
    while (running) {
      let m: OutboxMessage | undefined;
      try {
        const now = d.clock();
        m = await d.outbox.claimDue(now, new Date(now.getTime() + d.timeoutMs * 2 + 5_000));
        if (m) await deliver(m);
      } catch (err) {
        // Database away: try again on the next poll; the message's lease lets it be taken again.
        d.logger.warn({ err: (err as Error).message }, 'notification dispatcher: database unavailable');
        m = undefined;
      }
      if (m || !running) continue;
      if (pendingWake) {
        pendingWake = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, d.pollMs);
        timer.unref();
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  return {
    start() {
      if (running || stopped) return;
      running = true;
      done = loop();
    },
    wake() {
      if (wakeUp) wakeUp();
      else pendingWake = true;
    },
    async stop() {
      stopped = true;
      running = false;
      wakeUp?.();
      await done;
    },
  };
}
