/**
 * The figures learn of a first retrieval, an acknowledgement, a question's events and a withdrawal from a note the derivation
 * worker derives (services/figure-facts.ts). The note is written first: when it cannot be written
 * (here PostgreSQL refuses every insert into the notes' table, as a database failing between two
 * writes would), nothing is stored, so the caller's retry stores both; never a retrieval,
 * acknowledgement, answer or withdrawal the figures miss until the handover's next event.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { registerModels } from '../../src/storage/models.js';
import { acknowledgementRepository } from '../../src/storage/acknowledgement.repository.js';
import { questionRepository } from '../../src/storage/question.repository.js';
import { family, submit, withdraw, withoutAttachments } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld } from '../helpers/world.js';

const postgresUrl = inject('postgresUrl');
let t: TestApp;
let client: pg.Client;
let notesTable: string;
const db = () => t.deps.db.connection.db!;

beforeAll(async () => {
  t = await startTestApp();
  // The notes are counted here, not derived (the worker would take them away).
  await t.deps.derivations.stop();
  // FerretDB keeps a collection as a table of the database's schema, named after it with a hash.
  await db().collection('derivations').insertOne({ _id: 'made-by-the-test' as never, kind: 'figures', handoverId: 'x', at: new Date() });
  await db().collection('derivations').deleteOne({ _id: 'made-by-the-test' as never });
  client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const found = await client.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'derivations\\_%'`, [t.deps.config.dbName]);
  notesTable = `"${found.rows[0].table_schema}"."${found.rows[0].table_name}"`;
  await client.query(`CREATE OR REPLACE FUNCTION public.refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
});
afterAll(async () => {
  await client?.end();
  await t?.close();
});

/** Runs `work` while PostgreSQL refuses to store any note. */
async function withNotesRefused(work: () => Promise<unknown>): Promise<unknown> {
  await client.query(`CREATE TRIGGER refuse_notes BEFORE INSERT ON ${notesTable} FOR EACH ROW EXECUTE FUNCTION public.refuse_for_test()`);
  try {
    return await work().then(
      () => 'stored',
      (err: Error) => err,
    );
  } finally {
    await client.query(`DROP TRIGGER refuse_notes ON ${notesTable}`);
  }
}

const figureNotes = (handoverId: string) => db().collection('derivations').countDocuments({ kind: 'figures', handoverId });

describe.runIf(postgresUrl)('a figures note is written before what it notes', () => {
  it('stores no acknowledgement while its note cannot be written, and both on the retry', async () => {
    const acks = acknowledgementRepository(registerModels(t.deps.db.connection));
    const a = { handoverId: 'h-notes-first', version: 1, municipalityCode: '751', organisationId: 'aarhus', credentialId: 'c', outcome: 'ok' as const, at: new Date(), versionFeedSeq: 1, receipt: { receiptId: 'r', jws: 'x.y.z' } };
    expect(await withNotesRefused(() => acks.acknowledge(a))).toBeInstanceOf(Error);
    expect(await db().collection('acknowledgements').countDocuments({ handoverId: 'h-notes-first' })).toBe(0);
    expect(await acks.acknowledge(a)).toMatchObject({ created: true });
    expect(await figureNotes('h-notes-first')).toBeGreaterThanOrEqual(1);
  });

  it("stores no question, answer or closure while its note cannot be written", async () => {
    const questions = questionRepository(registerModels(t.deps.db.connection));
    const base = { handoverId: 'h-q-notes-first', number: 1, at: new Date(), organisationId: 'aarhus', credentialId: 'c' };
    expect(await withNotesRefused(() => questions.ask({ ...base, version: 1, text: 'Hvilken dosis?' }, 0, []))).toBeInstanceOf(Error);
    expect(await withNotesRefused(() => questions.answer({ ...base, text: 'Svar' }))).toBeInstanceOf(Error);
    expect(await withNotesRefused(() => questions.close(base))).toBeInstanceOf(Error);
    expect(await questions.events('h-q-notes-first')).toEqual([]);
    expect(await figureNotes('h-q-notes-first')).toBe(0);
  });

  it('stores no first retrieval while its note cannot be written, and both on the retry', async () => {
    const retrievals = acknowledgementRepository(registerModels(t.deps.db.connection));
    expect(await withNotesRefused(() => retrievals.recordRetrieval('h-r-notes-first', 1, 'aarhus', new Date()))).toBeInstanceOf(Error);
    expect(await retrievals.retrievals('h-r-notes-first', [1])).toEqual([]);
    await retrievals.recordRetrieval('h-r-notes-first', 1, 'aarhus', new Date());
    expect(await retrievals.retrievals('h-r-notes-first', [1])).toHaveLength(1);
    expect(await figureNotes('h-r-notes-first')).toBeGreaterThanOrEqual(1);
  });

  it('stores no withdrawal while its note cannot be written; sent again, the figures no longer count the handover', async () => {
    const w = await setupWorld(t);
    const { handoverId } = await submit(t, w.drk, withoutAttachments(family('751')));
    // The submission derived: the handover has its share of the figures.
    await t.deps.derivations.settle();
    const share = () => db().collection('figure_facts').findOne({ _id: handoverId });
    expect(await share()).not.toBeNull();
    expect(await withNotesRefused(() => withdraw(t, w.drk, handoverId, 1))).toBeInstanceOf(Error);
    expect(await db().collection('withdrawals').countDocuments({ handoverId })).toBe(0);
    // The sender sends it again (a withdrawal derives what is noted before it answers: withdraw-handover.ts).
    await withdraw(t, w.drk, handoverId, 1);
    expect(await db().collection('withdrawals').countDocuments({ handoverId })).toBe(1);
    expect(await share()).toBeNull();
  });
});
