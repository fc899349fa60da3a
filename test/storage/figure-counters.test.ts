/**
 * The figures' counters on the real database (storage/figure.repository.ts): a counter is the sum
 * of its shares however often, and in whatever state a refresh stopped, it is refreshed again:
 * moved from one counter to another, stopped after the share was written, stopped after the
 * counters were recounted, withdrawn; twenty shares of one day refreshed at once count twenty. A
 * day's counter keeps each duration once with how many took it, so it stays small however many
 * handovers the day brings, and a counter stored before that is read the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverFigureFact } from '../../src/domain/figure-counters.js';
import { figureRepository, type FigureRepository } from '../../src/storage/figure.repository.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let figures: FigureRepository;
const db = () => t.deps.db.connection.db!;

beforeAll(async () => {
  t = await startTestApp();
  const model = (name: string) => t.deps.db.connection.model(name);
  figures = figureRepository({ FigureFact: model('FigureFact'), FigureCounter: model('FigureCounter') } as never);
});
afterAll(() => t.close());

const share = (handoverId: string, day: string, extra: Partial<HandoverFigureFact> = {}): HandoverFigureFact => ({
  handoverId,
  municipalityCode: '751',
  senderOrganisationId: 'drk-asylum',
  receivedAt: new Date(`${day}T10:00:00Z`),
  refused: false,
  completenessScore: 60,
  persons: [{ mentalHealth: 'findings' }],
  openQuestionsAskedAt: [],
  ...extra,
});
const counter = async (day: string) => db().collection('figure_counters').findOne({ _id: `${day}|751|drk-asylum` as never });

describe('the figures counters, recounted from their shares', () => {
  it('counts each share once however often it is refreshed, and moves it when its day changes', async () => {
    await figures.put('h-a', share('h-a', '2031-01-01'));
    await figures.put('h-b', share('h-b', '2031-01-01', { firstRetrievedAt: new Date('2031-01-01T12:00:00Z') }));
    await figures.put('h-a', share('h-a', '2031-01-01'));
    expect(await counter('2031-01-01')).toMatchObject({ handovers: 2, retrievalTenths: [20], retrievalCounts: [1], completenessValues: [60], completenessCounts: [2], mentalHealth: { findings: 2 } });
    // Re-addressed: received by its new holder another day.
    await figures.put('h-a', share('h-a', '2031-01-02'));
    expect(await counter('2031-01-01')).toMatchObject({ handovers: 1 });
    expect(await counter('2031-01-02')).toMatchObject({ handovers: 1 });
  });

  it('finishes a refresh that stopped after writing the share, or after recounting, and takes a withdrawn one back', async () => {
    await figures.put('h-c', share('h-c', '2031-02-01'));
    // Stopped after writing its move to 2 February (its old counter not recounted yet).
    const moved = share('h-c', '2031-02-02');
    const { handoverId: _h, ...rest } = moved;
    await db().collection('figure_facts').replaceOne({ _id: 'h-c' as never }, { ...rest, bucket: '2031-02-02|751|drk-asylum', signature: 'stopped', counted: false, staleBuckets: ['2031-02-01|751|drk-asylum'] });
    expect(await counter('2031-02-01')).toMatchObject({ handovers: 1 });
    await figures.put('h-c', moved);
    expect(await counter('2031-02-01')).toBeNull();
    expect(await counter('2031-02-02')).toMatchObject({ handovers: 1 });
    // Stopped after recounting, before it was marked counted: recounted again, the same.
    await db().collection('figure_facts').updateOne({ _id: 'h-c' as never }, { $set: { counted: false } });
    await figures.put('h-c', moved);
    expect(await counter('2031-02-02')).toMatchObject({ handovers: 1 });
    expect(await db().collection('figure_facts').findOne({ _id: 'h-c' as never })).toMatchObject({ counted: true });
    // Every version withdrawn: no share, no counter.
    await figures.put('h-c', undefined);
    expect(await counter('2031-02-02')).toBeNull();
    expect(await db().collection('figure_facts').findOne({ _id: 'h-c' as never })).toBeNull();
  });

  it('counts twenty shares of one day refreshed at once: one writer, one recount at a time', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => figures.put(`h-${i}-at-once`, share(`h-${i}-at-once`, '2031-03-01', { completenessScore: i }))));
    const c = await counter('2031-03-01');
    expect(c).toMatchObject({ handovers: 20, mentalHealth: { findings: 20 } });
    expect(c).toMatchObject({ completenessValues: Array.from({ length: 20 }, (_, i) => i), completenessCounts: Array.from({ length: 20 }, () => 1) });
  });

  it("keeps a busy day's durations as a histogram: a hundred handovers in 21 numbers", async () => {
    // 100 handovers on one day, each retrieved a different number of seconds (up to two hours) after receipt.
    const received = new Date('2031-04-01T10:00:00Z');
    for (let i = 0; i < 100; i++) await figures.put(`h-busy-${i}`, share(`h-busy-${i}`, '2031-04-01', { firstRetrievedAt: new Date(received.getTime() + ((i * 7_919) % 7_200) * 1000) }));
    const c = await counter('2031-04-01');
    expect(c).toMatchObject({ handovers: 100 });
    // Tenths of an hour from 0 to 2 hours: at most 21 distinct values, whatever the count.
    expect((c!.retrievalTenths as number[]).length).toBeLessThanOrEqual(21);
    expect((c!.retrievalCounts as number[]).reduce((a, b) => a + b, 0)).toBe(100);
    const [read] = await figures.counters({ month: '2031-04', municipalityCode: '751' });
    expect(read).toMatchObject({ retrievalTenths: c!.retrievalTenths, retrievalCounts: c!.retrievalCounts, acknowledgementTenths: [], acknowledgementCounts: [] });
  }, 120_000);

  it('reads a counter stored with every duration in ms (before the histograms) as its histogram', async () => {
    const { _id, retrievalTenths: _t, retrievalCounts: _c, acknowledgementTenths: _at, acknowledgementCounts: _ac, ...rest } = (await counter('2031-01-02'))!;
    await db().collection('figure_counters').insertOne({ ...rest, _id: '2031-05-01|751|drk-asylum' as never, day: '2031-05-01', month: '2031-05', retrievalMs: [7_200_000, 7_200_000, 9_000_000], acknowledgementMs: [3_600_000] });
    const [read] = await figures.counters({ month: '2031-05', municipalityCode: '751' });
    expect(read).toMatchObject({ retrievalTenths: [20, 25], retrievalCounts: [2, 1], acknowledgementTenths: [10], acknowledgementCounts: [1] });
    expect(read).not.toHaveProperty('retrievalMs');
  });
});
