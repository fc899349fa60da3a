/**
 * Delivers queued notifications: claims a due message (with a lease), POSTs its signed JWS to the
 * municipality's webhook, and records the outcome: delivered on 2xx, otherwise retried with
 * backoff until the attempts run out, then failed (visible to the municipality). Everything is in
 * the database, so a restart simply carries on.
 */
import { retryDelayMs } from '../domain/backoff.js';
import type { Logger } from '../logger.js';
import type { OutboxMessage, OutboxRepository } from '../storage/outbox.repository.js';

export interface DispatcherDeps {
  outbox: OutboxRepository;
  clock: () => Date;
  logger: Logger;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  pollMs: number;
}

export interface Dispatcher {
  wake(): void;
  stop(): Promise<void>;
}

async function post(url: string, jws: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    // No redirects: a notification goes to the registered address or nowhere.
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/jose', 'User-Agent': 'handover-exchange-notifier' }, body: jws, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, error: (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${(err as Error).message}${cause ? ` (${cause})` : ''}` };
  }
}

export function startDispatcher(d: DispatcherDeps): Dispatcher {
  let running = true;
  let wakeUp: (() => void) | undefined;
  let pendingWake = false;

  async function deliver(m: OutboxMessage): Promise<void> {
    const webhook = await d.outbox.webhook(m.municipalityCode);
    const attempt = m.attempts + 1;
    const result = webhook ? await post(webhook.url, m.jws, d.timeoutMs) : ({ ok: false, error: 'no webhook registered' } as const);
    const at = d.clock();
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

  const done = loop();
  return {
    wake() {
      if (wakeUp) wakeUp();
      else pendingWake = true;
    },
    async stop() {
      running = false;
      wakeUp?.();
      await done;
    },
  };
}
