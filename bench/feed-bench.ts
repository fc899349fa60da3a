/**
 * Feed: N handovers in the municipality's feed, paged to the end at limit 100 over HTTP; and the
 * time to fetch one handover.
 *
 * Seeding: each handover goes through the submission pipeline (verify, parse, validate, receipt,
 * the stored record) and the same insert, but without the per-submission lookups of existing
 * versions: every id is fresh, and on FerretDB each such lookup scans the whole collection (its
 * SQLite _id index is not used by its own queries), which made seeding 10,000 quadratic (hours).
 */
import type { Caller } from '../src/domain/organisations.js';
import { buildVersionRecord, verifySubmission } from '../src/services/submit-handover.js';
import { freshHandover, MUNICIPALITY, SENDER, signHandover, type Bench, type ServiceProcess } from './setup.js';
import { median } from './stats.js';

export interface FeedFigures {
  items: number;
  pages: number;
  pageThroughMs: number;
  msPerPage: number;
  fetchOneMs: number;
  seedSeconds: number;
}

/** Stores `size` handovers through the submission pipeline's fast path (4 at a time); the id of the last one. */
export async function seedHandovers(bench: Bench, fixture: Record<string, unknown>, size: number, log: (s: string) => void, what = 'feed'): Promise<{ lastId: string; seedSeconds: number }> {
  const caller: Caller = { credentialId: 'bench', organisationId: SENDER, organisationType: 'asylum-centre-operator', role: 'sender' };
  const t0 = performance.now();
  let done = 0;
  let lastId = '';
  const worker = async () => {
    while (done < size) {
      done++;
      const doc = freshHandover(fixture);
      const input = { bytes: Buffer.from(await signHandover(doc, bench.keys.ES256!)), serialization: 'compact' as const };
      const accepted = await verifySubmission(bench.deps.submission, caller, input);
      await bench.deps.submission.handovers.insertVersion(await buildVersionRecord(bench.deps.submission, caller, input, accepted, []));
      lastId = doc.handoverId as string;
      if (done % 1000 === 0) log(`${what}: ${done} of ${size} stored`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { lastId, seedSeconds: (performance.now() - t0) / 1000 };
}

export async function benchFeed(bench: Bench, service: ServiceProcess, fixture: Record<string, unknown>, size: number, log: (s: string) => void): Promise<FeedFigures> {
  const { lastId, seedSeconds } = await seedHandovers(bench, fixture, size, log);

  const auth = { Authorization: `Bearer ${bench.municipalityToken}` };
  let after: string | null = null;
  let items = 0;
  let pages = 0;
  const p0 = performance.now();
  for (;;) {
    const res = await fetch(`${service.url}/v1/municipalities/${MUNICIPALITY.code}/handovers?limit=100${after ? `&after=${after}` : ''}`, { headers: auth });
    if (!res.ok) throw new Error(`feed page ${pages + 1}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: unknown[]; next: string | null };
    pages++;
    items += body.items.length;
    if (body.next === null) break;
    after = body.next;
  }
  const pageThroughMs = performance.now() - p0;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const f0 = performance.now();
    const res = await fetch(`${service.url}/v1/handovers/${lastId}`, { headers: auth });
    if (!res.ok) throw new Error(`fetch one: ${res.status}`);
    await res.arrayBuffer();
    times.push(performance.now() - f0);
  }
  return { items, pages, pageThroughMs, msPerPage: pageThroughMs / pages, fetchOneMs: median(times), seedSeconds };
}
