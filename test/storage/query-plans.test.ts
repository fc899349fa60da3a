/**
 * Every request-path query (src/storage/request-queries.ts) against a store of a few thousand
 * documents per collection: the database must answer it from an index. On FerretDB-on-PostgreSQL
 * the plan is PostgreSQL's (FerretDB's explain returns it); on MongoDB it is the winning plan.
 */
import mongoose from 'mongoose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pushdownIndexName } from '../../src/storage/ferretdb-pushdown-indexes.js';
import { REQUEST_QUERIES, type RequestQuery } from '../../src/storage/request-queries.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const DOCS = 3000;
/** Fields whose values are not strings in the real documents. */
const NUMBERS: Record<string, string[]> = { audit_events: ['_id', 'bucket'] };
const OBJECT_IDS: Record<string, string[]> = { 'attachments.files': ['_id'], 'attachments.chunks': ['files_id'] };

function valueOf(collection: string, field: string, i: number): unknown {
  if (NUMBERS[collection]?.includes(field)) return field === '_id' ? i + 1 : Math.floor(i / 10);
  if (OBJECT_IDS[collection]?.includes(field)) return new mongoose.Types.ObjectId(i.toString(16).padStart(24, '0'));
  if (field === '_id') return `seed-${i}`;
  if (field === 'buckets') return [`b-${Math.floor(i / 10)}`, `b-${Math.floor(i / 10) + 1000}`];
  return `${field}-${Math.floor(i / 10)}`;
}

/** The filter of a query for a value that a handful of the seeded documents have. */
function filterOf(q: RequestQuery, i: number): Record<string, unknown> {
  return Object.fromEntries(q.fields.map((f) => [f, f === 'buckets' ? `b-${Math.floor(i / 10)}` : valueOf(q.collection, f, i)]));
}

/** Index names used anywhere in a PostgreSQL plan tree. */
function indexesIn(plan: Record<string, unknown>): string[] {
  const own = typeof plan['Index Name'] === 'string' ? [plan['Index Name'] as string] : [];
  return [...own, ...((plan.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(indexesIn)];
}

/** Stages of a MongoDB winning plan. */
function stagesIn(plan: Record<string, unknown>): string[] {
  const own = typeof plan.stage === 'string' ? [plan.stage] : [];
  const children = [plan.inputStage, ...((plan.inputStages as unknown[]) ?? [])].filter(Boolean) as Record<string, unknown>[];
  return [...own, ...children.flatMap(stagesIn)];
}

let t: TestApp;
let db: mongoose.mongo.Db;
beforeAll(async () => {
  t = await startTestApp();
  db = t.deps.db.connection.db!;
  const collections = [...new Set(REQUEST_QUERIES.map((q) => q.collection))];
  for (const collection of collections) {
    const fields = new Set(['_id', ...REQUEST_QUERIES.filter((q) => q.collection === collection).flatMap((q) => q.fields)]);
    const docs = Array.from({ length: DOCS }, (_, i) => Object.fromEntries([...fields].map((f) => [f, valueOf(collection, f, i)])));
    for (let i = 0; i < docs.length; i += 1000) await db.collection(collection).insertMany(docs.slice(i, i + 1000) as never[]);
  }
  const postgresUrl = inject('postgresUrl');
  if (postgresUrl) {
    // Fresh statistics, as autovacuum would have them on a store this size.
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`ANALYZE`);
    await client.end();
  }
}, 240_000);
afterAll(() => t.close());

describe.each(REQUEST_QUERIES.map((q) => [q.name, q] as const))('%s', (_name, q) => {
  it(`reads ${q.collection} by ${q.fields.join(' + ')} from an index`, async () => {
    const filter = filterOf(q, 1234);
    const found = await db.collection(q.collection).find(filter as never).toArray();
    expect(found.length).toBeGreaterThan(0);
    const explained = (await db.collection(q.collection).find(filter as never).explain()) as Record<string, any>;
    if (inject('databaseKind') === 'ferretdb-postgresql') {
      expect(explained.filterPushdown, JSON.stringify(explained)).toBe(true);
      const indexes = indexesIn(explained.queryPlanner.Plan);
      const meta = await new pg.Client({ connectionString: inject('postgresUrl') });
      await meta.connect();
      const table = (await meta.query(`SELECT _jsonb->>'table' AS t FROM ${pg.escapeIdentifier(t.config.dbName)}._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`, [q.collection])).rows[0].t as string;
      await meta.end();
      expect(indexes, JSON.stringify(explained.queryPlanner.Plan)).toEqual(expect.arrayContaining(q.fields.length === 1 ? [pushdownIndexName(table, q.fields[0]!)] : []));
      expect(indexes.length, JSON.stringify(explained.queryPlanner.Plan)).toBeGreaterThan(0);
    } else if (explained.queryPlanner?.winningPlan) {
      expect(stagesIn(explained.queryPlanner.winningPlan)).not.toContain('COLLSCAN');
    } else {
      throw new Error(`no plan to check on ${inject('databaseKind')}: the plan test needs FerretDB-on-PostgreSQL or MongoDB`);
    }
  });
});
