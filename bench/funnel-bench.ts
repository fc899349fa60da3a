/**
 * The funnel and the figures with N handovers stored (issue 31.5, 33.5): GET /v1/funnel and GET
 * /v1/figures read the counters kept as events happen, so their cost should not grow with what
 * is stored.
 *
 * Seeding: the versions through the pipeline's fast path (signed, verified, validated, inserted in
 * bulk, as bench/scale-bench.ts); then the funnel's and the figures' stored state written directly
 * in bulk, as the derivation worker (services/funnel-events.ts, services/figure-facts.ts) would have
 * left it after deriving each version and a municipality's read of every other one: for the funnel
 * a "handed over" fact per person in the cohorts its health screening records, a "retrieved" fact
 * for every other handover, and the counters they add to (one $inc per counter document and
 * batch); for the figures one share per handover and the counter of each day, municipality and
 * sender recounted from its shares. Deriving one note after another, as the worker does, took
 * about 60 s per 1,000 here, too slow for 100,000; what the read finds is the same.
 *
 *   npx tsx bench/funnel-bench.ts [N,N,...]     (default 1000,10000,100000)
 */
import { counterIdOf, counterOf, signatureOf, type HandoverFigureFact } from '../src/domain/figure-counters.js';
import { figureFactsOf } from '../src/domain/figures.js';
import { arrivalOf, cohortsOf, counterField, monthOf, retrievalStages } from '../src/domain/funnel.js';
import type { Handover, HandoverPerson } from '../src/domain/handover-types.js';
import type { HandoverVersionRecord } from '../src/domain/handover-record.js';
import type { Caller } from '../src/domain/organisations.js';
import { readValidFixture } from '../test/helpers/fixtures.js';
import { buildVersionRecord, verifySubmission } from '../src/services/submit-handover.js';
import { freshHandover, MUNICIPALITY, SENDER, signHandover, startBench, startService } from './setup.js';
import { median } from './stats.js';

const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const fixture = readValidFixture<Record<string, unknown>>('01-single-adult-asylum-centre');
const bench = await startBench('postgresql');
const service = await startService(bench);
const caller: Caller = { credentialId: 'bench', organisationId: SENDER, organisationType: 'asylum-centre-operator', role: 'sender' };
const get = async (url: string, n: number) => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${service.url}${url}`, { headers: { Authorization: `Bearer ${bench.municipalityToken}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
};
/** The funnel's facts and counters for these versions, as the derivation worker would have written them (the n-th stored handover read by the municipality when n is even). */
async function seedFunnel(records: readonly HandoverVersionRecord[], before: number): Promise<void> {
  const Facts = bench.deps.db.connection.model('FunnelFact');
  const Counters = bench.deps.db.connection.model('FunnelCounter');
  const readAt = new Date();
  const facts: Record<string, unknown>[] = [];
  const counters = new Map<string, { key: Record<string, string>; inc: Record<string, number> }>();
  const add = (key: Record<string, string>, fields: readonly string[]) => {
    const id = `${key.municipalityCode}|${key.senderOrganisationId}|${key.month}`;
    const counter = counters.get(id) ?? { key, inc: {} };
    for (const f of fields) counter.inc[f] = (counter.inc[f] ?? 0) + 1;
    counters.set(id, counter);
  };
  records.forEach((r, i) => {
    const doc = r.payload as unknown as Handover;
    const arrivalOn = arrivalOf(doc);
    for (const person of doc.persons as HandoverPerson[]) {
      const cohorts = cohortsOf(person);
      const key = { municipalityCode: r.municipalityCode, senderOrganisationId: r.senderOrganisationId, month: monthOf(r.receivedAt) };
      const base = { handoverId: r.handoverId, personRef: person.personRef, ...key, via: 'holder', cohorts, ...(arrivalOn ? { arrivalOn } : {}), note: 'bench-seed' };
      const handedOver = cohorts.map((c) => counterField(c, 'handedOver'));
      facts.push({ _id: `${r.handoverId}|${person.personRef}|${key.municipalityCode}|handedOver`, ...base, stage: 'handedOver', counted: handedOver, at: r.receivedAt });
      add(key, handedOver);
      if ((before + i) % 2 === 0) {
        const stages = retrievalStages(readAt, arrivalOn);
        const retrieved = cohorts.flatMap((c) => stages.map((s) => counterField(c, s)));
        facts.push({ _id: `${r.handoverId}|${person.personRef}|${key.municipalityCode}|retrieved`, ...base, stage: 'retrieved', counted: retrieved, at: readAt });
        add(key, retrieved);
      }
    }
  });
  await Facts.insertMany(facts, { ordered: false });
  for (const [id, { key, inc }] of counters) await Counters.updateOne({ _id: id }, { $inc: inc, $set: key }, { upsert: true });
}

/** Every handover's share of the figures so far, by counter: a counter is recounted from all of its shares. */
const sharesByCounter = new Map<string, HandoverFigureFact[]>();
/** The figures' shares and counters for these versions, as the derivation worker would have written them (read as the funnel's are). */
async function seedFigures(records: readonly HandoverVersionRecord[], before: number): Promise<void> {
  const Facts = bench.deps.db.connection.model('FigureFact');
  const Counters = bench.deps.db.connection.model('FigureCounter');
  const readAt = new Date();
  const touched = new Set<string>();
  const docs = records.map((r, i) => {
    const fact: HandoverFigureFact = {
      handoverId: r.handoverId,
      municipalityCode: r.municipalityCode,
      senderOrganisationId: r.senderOrganisationId,
      receivedAt: r.receivedAt,
      ...((before + i) % 2 === 0 ? { firstRetrievedAt: readAt } : {}),
      refused: false,
      completenessScore: r.completenessScore,
      persons: (r.figureFacts ?? figureFactsOf(r.payload as unknown as Handover)).persons,
      openQuestionsAskedAt: [],
    };
    const bucket = counterIdOf(fact);
    if (!sharesByCounter.has(bucket)) sharesByCounter.set(bucket, []);
    sharesByCounter.get(bucket)!.push(fact);
    touched.add(bucket);
    const { handoverId, ...share } = fact;
    return { _id: handoverId, ...share, bucket, signature: signatureOf(fact), counted: true };
  });
  await Facts.insertMany(docs, { ordered: false });
  for (const bucket of touched) await Counters.replaceOne({ _id: bucket }, counterOf(sharesByCounter.get(bucket)!), { upsert: true });
}

const rows: string[] = ['| stored | seeding s | funnel p50 ms (20) | funnel p99 ms | figures p50 ms (20) | figures p99 ms |', '|---|---|---|---|---|---|'];
let stored = 0;
try {
  for (const size of sizes) {
    const t0 = performance.now();
    while (stored < size) {
      const batch = [];
      for (let i = 0; i < Math.min(500, size - stored); i++) {
        const doc = freshHandover(fixture);
        const input = { bytes: Buffer.from(await signHandover(doc, bench.keys.EdDSA!)), serialization: 'compact' as const };
        batch.push(await buildVersionRecord(bench.deps.submission, caller, input, await verifySubmission(bench.deps.submission, caller, input), []));
      }
      await bench.deps.handovers.insertNewVersionsInBulk(batch);
      await seedFunnel(batch, stored);
      await seedFigures(batch, stored);
      stored += batch.length;
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const funnelTimes = await get('/v1/funnel', 20);
    // The default period: the 365 days to the end of today, which holds every handover seeded.
    const figureTimes = await get('/v1/figures', 20);
    const line = `| ${size} | ${Math.round(seedSeconds)} | ${median(funnelTimes).toFixed(1)} | ${funnelTimes.at(-1)!.toFixed(1)} | ${median(figureTimes).toFixed(1)} | ${figureTimes.at(-1)!.toFixed(1)} |`;
    rows.push(line);
    console.log(line);
  }
  console.log(['', 'Funnel and figures with N handovers stored (bench/funnel-bench.ts)', ...rows].join('\n'));
} finally {
  await service.stop();
  await bench.close();
}
