/**
 * Outbound webhook calls, with the address rule applied where the connection is made: the name
 * is resolved by our own lookup, and a connection to a non-public address is refused after
 * resolution, on every attempt (a name that was public at registration may point inside later;
 * checking the address actually connected to also defeats DNS rebinding). No redirects.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteralOf, isPublicAddress } from '../domain/public-address.js';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

export interface WebhookClient {
  /** Why this URL may not be a webhook target now (resolved), or undefined when it may. */
  targetProblem(url: string): Promise<string | undefined>;
  /** POSTs a signed notification (with the audit log's latest signed checkpoint in the Audit-Checkpoint header, when given); never throws. */
  post(url: string, jws: string, auditCheckpoint?: string): Promise<DeliveryOutcome>;
}

export interface WebhookClientOptions {
  timeoutMs: number;
  /** Allow loopback and private targets (local development and tests only). */
  allowPrivate: boolean;
}

const NON_PUBLIC = 'ENONPUBLIC';

export function createWebhookClient(o: WebhookClientOptions): WebhookClient {
  const refused = (host: string) => `${host} is not a public address (loopback, private, link-local and metadata addresses are refused)`;

  /** dns.lookup, but failing when any address the name resolves to is not public. */
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (!o.allowPrivate && (list.length === 0 || list.some((a) => !isPublicAddress(a.address)))) {
        return callback(Object.assign(new Error(refused(hostname)), { code: NON_PUBLIC }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };

  return {
    async targetProblem(raw) {
      if (o.allowPrivate) return undefined;
      const host = new URL(raw).hostname;
      const literal = ipLiteralOf(host);
      if (literal) return isPublicAddress(literal) ? undefined : refused(host);
      let addresses: dns.LookupAddress[];
      try {
        addresses = await dns.promises.lookup(host, { all: true });
      } catch {
        // Not resolvable from here now (a closed network, a name not yet published): nothing to
        // refuse yet, and every delivery checks the addresses it would connect to.
        return undefined;
      }
      return addresses.every((a) => isPublicAddress(a.address)) ? undefined : refused(host);
    },

    post(raw, jws, auditCheckpoint) {
      const url = new URL(raw);
      const literal = ipLiteralOf(url.hostname);
      // Node connects to an IP literal without a lookup, so the rule is applied here for those.
      if (literal && !o.allowPrivate && !isPublicAddress(literal)) return Promise.resolve({ ok: false, error: `refused: ${refused(url.hostname)}` });
      return new Promise<DeliveryOutcome>((resolve) => {
        const client = url.protocol === 'https:' ? https : http;
        const req = client.request(
          url,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/jose', 'User-Agent': 'handover-exchange-notifier', 'Content-Length': Buffer.byteLength(jws), ...(auditCheckpoint ? { 'Audit-Checkpoint': auditCheckpoint } : {}) },
            lookup: guardedLookup,
            signal: AbortSignal.timeout(o.timeoutMs),
          },
          (res) => {
            res.resume();
            const status = res.statusCode ?? 0;
            resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status}` });
          },
        );
        req.on('error', (err: Error & { code?: string }) => {
          if (err.code === NON_PUBLIC) resolve({ ok: false, error: `refused: ${err.message}` });
          else if (err.name === 'AbortError' || err.name === 'TimeoutError') resolve({ ok: false, error: `no answer within ${o.timeoutMs} ms` });
          else resolve({ ok: false, error: `${err.message}${err.code ? ` (${err.code})` : ''}` });
        });
        req.end(jws);
      });
    },
  };
}
