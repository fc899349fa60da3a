/**
 * A figures counter is updated by taking a handover's old share out and putting the new one in
 * (domain/figure-counters.ts counterShifted), not by reading every share of its day: on a busy day
 * of one sender and one municipality each refresh read them all (issue 33: 58,652 shares read for
 * about 1,400 refreshes in one benchmark run). Checked on the real database: sixty handovers of one
 * day refreshed through every kind of change (retrieved, acknowledged, questions asked and closed,
 * refused, persons changed, moved to another day and back, withdrawn), after each the stored
 * counters equal the counters recounted from the stored shares, and a refresh reads one share and
 * one counter, whatever the day holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterOf, counterShifted, CounterMismatch, type FigureCounter, type HandoverFigureFact } from '../../src/domain/figure-counters.js';
import { figureRepository, type FigureRepository } from '../../src/storage/figure.repository.js';
import { startMonitoredApp } from '../helpers/command-monitor.js';
import type { TestApp } from '../helpers/test-app.js';

let t: TestApp;
let figures: FigureRepository;
let recording: { name: string; filter: unknown }[] | undefined;
const db = () => t.deps.db.connection.db!;

beforeAll(async () => {
  t = await startMonitoredApp({}, () => undefined);
  t.deps.db.connection.getClient().on('commandStarted', (e) => recording?.push({ name: `${e.commandName} ${String(e.command[e.commandName])}`, filter: e.command.filter }));
  const model = (name: string) => t.deps.db.connection.model(name);
  figures = figureRepository({ FigureFact: model('FigureFact'), FigureCounter: model('FigureCounter') } as never);
});
afterAll(() => t.close());

const at = (iso: string) => new Date(iso);
const share = (handoverId: string, day: string, extra: Partial<HandoverFigureFact> = {}): HandoverFigureFact => ({
  handoverId,
  municipalityCode: '730',
  senderOrganisationId: 'iom-denmark',
  receivedAt: at(`${day}T09:00:00Z`),
  refused: false,
  completenessScore: 70,
  persons: [{ mentalHealth: 'not-assessed', notAssessedReason: 'no-interpreter' }, { mentalHealth: 'findings' }],
  openQuestionsAskedAt: [],
  ...extra,
});

/** A counter in a form two equal counters share (the open questions' order is not kept). */
const normal = (c: Partial<FigureCounter> & { _id?: unknown }) => {
  const { _id, ...rest } = c;
  return { ...rest, openQuestionsAskedAt: [...(rest.openQuestionsAskedAt ?? [])].sort() };
};

/** Every stored counter against the counters recounted from the stored shares. */
async function expectCountersEqualTheirShares() {
  const shares = await db().collection('figure_facts').find({}).toArray();
  const byBucket = new Map<string, HandoverFigureFact[]>();
  for (const { _id, bucket, signature: _s, counted, staleBuckets: _st, ...f } of shares) {
    expect(counted).toBe(true);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), { ...(f as HandoverFigureFact), handoverId: String(_id) }]);
  }
  const stored = await db().collection('figure_counters').find({}).toArray();
  expect(stored.map((c) => String(c._id)).sort()).toEqual([...byBucket.keys()].sort());
  for (const c of stored) expect(normal(c as never)).toEqual(normal(counterOf(byBucket.get(String(c._id))!)));
}

describe('counterShifted', () => {
  it('adds and takes out a share as recounting does, and refuses to take out what a counter does not hold', () => {
    const a = share('a', '2032-01-01', { firstRetrievedAt: at('2032-01-01T11:00:00Z'), openQuestionsAskedAt: [at('2032-01-02T00:00:00Z')] });
    const b = share('b', '2032-01-01', { acknowledgedAt: at('2032-01-03T09:00:00Z'), refused: true, completenessScore: 40 });
    const both = counterShifted(counterShifted(undefined, a, 1), b, 1)!;
    expect(normal(both)).toEqual(normal(counterOf([a, b])));
    expect(normal(counterShifted(both, a, -1)!)).toEqual(normal(counterOf([b])));
    expect(counterShifted(counterShifted(both, a, -1), b, -1)).toBeUndefined();
    expect(() => counterShifted(counterOf([b]), a, -1)).toThrow(CounterMismatch);
    expect(() => counterShifted(undefined, a, -1)).toThrow(CounterMismatch);
  });
});

describe('the figures counters on a busy day', () => {
  it('stay the sum of their shares through every kind of change, each refresh reading one share and one counter', async () => {
    const day = '2032-02-01';
    const ids = Array.from({ length: 60 }, (_, i) => `busy-${i}`);
    for (const id of ids) await figures.put(id, share(id, day));
    await expectCountersEqualTheirShares();
    const changes: [string, HandoverFigureFact | undefined][] = [
      ['busy-1', share('busy-1', day, { firstRetrievedAt: at(`${day}T10:30:00Z`) })],
      ['busy-2', share('busy-2', day, { firstRetrievedAt: at(`${day}T12:00:00Z`), acknowledgedAt: at('2032-02-02T08:00:00Z') })],
      ['busy-3', share('busy-3', day, { openQuestionsAskedAt: [at('2032-02-03T10:00:00Z'), at('2032-02-04T10:00:00Z')] })],
      ['busy-3', share('busy-3', day, { openQuestionsAskedAt: [at('2032-02-04T10:00:00Z')] })],
      ['busy-4', share('busy-4', day, { refused: true, completenessScore: 35 })],
      ['busy-5', share('busy-5', day, { persons: [{ mentalHealth: 'declined' }] })],
      // Re-addressed: received by its new holder another day, and then back.
      ['busy-6', share('busy-6', '2032-02-05')],
      ['busy-6', share('busy-6', day)],
      ['busy-7', undefined],
      ['busy-4', share('busy-4', day)],
    ];
    for (const [id, fact] of changes) {
      recording = [];
      await figures.put(id, fact);
      const commands = recording;
      recording = undefined;
      // The share by its id, and each counter it touches by its id: never the day's shares.
      const shareReads = commands.filter((c) => c.name === 'find figure_facts');
      expect(shareReads.map((c) => Object.keys(c.filter as object))).toEqual([['_id']]);
      expect(commands.filter((c) => c.name === 'find figure_counters').length).toBeLessThanOrEqual(2);
      await expectCountersEqualTheirShares();
    }
    expect(await db().collection('figure_counters').findOne({ _id: `${day}|730|iom-denmark` as never })).toMatchObject({ handovers: 59, refused: 0 });
  }, 120_000);

  it('recounts a counter that does not hold what is taken out of it', async () => {
    const day = '2032-03-01';
    await figures.put('lost-1', share('lost-1', day));
    await figures.put('lost-2', share('lost-2', day));
    // The counter lost (an operator's mistake, a restore from before): taking a share out of it cannot work.
    await db().collection('figure_counters').deleteOne({ _id: `${day}|730|iom-denmark` as never });
    await figures.put('lost-1', share('lost-1', day, { refused: true }));
    await expectCountersEqualTheirShares();
    expect(await db().collection('figure_counters').findOne({ _id: `${day}|730|iom-denmark` as never })).toMatchObject({ handovers: 2, refused: 1 });
  });
});
