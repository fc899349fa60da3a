/**
 * The funnel and the figures with N handovers stored (issue 31.5, 33.5): GET /v1/funnel reads the
 * counters kept as events happen, so its cost should not grow with what is stored; GET
 * /v1/figures still walks the feed and reads each handover (linear by design until it moves to
 * the counters). Seeding takes the pipeline's fast path (as bench/scale-bench.ts) and then keeps
 * the counters for each handover as a submission does (a version stored; every other one read).
 *
 *   npx tsx bench/funnel-bench.ts [N,N,...]     (default 1000,10000)
 */
import { derivationRepository } from '../src/storage/derivation.repository.js';
import type { Caller } from '../src/domain/organisations.js';
import { readValidFixture } from '../test/helpers/fixtures.js';
import { buildVersionRecord, verifySubmission } from '../src/services/submit-handover.js';
import { freshHandover, MUNICIPALITY, SENDER, signHandover, startBench, startService } from './setup.js';
import { median } from './stats.js';

const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
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
const rows: string[] = ['| stored | seeding s | funnel p50 ms (20) | funnel p99 ms | figures ms (1) |', '|---|---|---|---|---|'];
let stored = 0;
try {
  for (const size of sizes) {
    const t0 = performance.now();
    while (stored < size) {
      const batch = [];
      const ids: string[] = [];
      for (let i = 0; i < Math.min(500, size - stored); i++) {
        const doc = freshHandover(fixture);
        const input = { bytes: Buffer.from(await signHandover(doc, bench.keys.EdDSA!)), serialization: 'compact' as const };
        batch.push(await buildVersionRecord(bench.deps.submission, caller, input, await verifySubmission(bench.deps.submission, caller, input), []));
        ids.push(doc.handoverId as string);
      }
      await bench.deps.submission.handovers.insertNewVersionsInBulk(batch);
      // The counters, as the submissions and reads would have kept them.
      // The notes a submission and a read write; the service's derivation worker derives them (as it would have).
      const notes = derivationRepository({ Derivation: bench.deps.db.connection.model('Derivation') });
      for (let i = 0; i < ids.length; i += 25) {
        await Promise.all(ids.slice(i, i + 25).map(async (id, j) => {
          await notes.noteVersion(id, 1, new Date());
          if (j % 2 === 0) await notes.noteRetrieval(id, MUNICIPALITY.code, ['P1'], new Date());
        }));
      }
      stored += batch.length;
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const funnelTimes = await get('/v1/funnel', 20);
    const figures = size <= 20_000 ? (await get('/v1/figures?from=2000-01-01', 1))[0]! : null;
    const line = `| ${size} | ${Math.round(seedSeconds)} | ${median(funnelTimes).toFixed(1)} | ${funnelTimes.at(-1)!.toFixed(1)} | ${figures === null ? '-' : Math.round(figures)} |`;
    rows.push(line);
    console.log(line);
  }
  console.log(['', 'Funnel and figures with N handovers stored (bench/funnel-bench.ts)', ...rows].join('\n'));
} finally {
  await service.stop();
  await bench.close();
}
