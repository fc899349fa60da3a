/**
 * Workaround for FerretDB issue #4646 (FerretDB 1.24 on PostgreSQL): delete this module when
 * FerretDB's own indexes serve its own queries.
 *
 * FerretDB pushes an equality filter down as `_jsonb->'field' @> '"value"'` (read with EXPLAIN
 * on its SQL), but the indexes it creates for `createIndex` are btree indexes on
 * `(_jsonb->'field')`, which a containment operator cannot use: every query scans its table.
 * For each field in REQUEST_QUERIES this creates, idempotently at start, the GIN index that
 * containment can use. FerretDB also passes the field name as a statement parameter
 * (`_jsonb->$1`); a generic plan of that cannot match an expression index, so FerretDB's
 * connections run with plan_cache_mode=force_custom_plan (postgres.ts, ferretDbPostgresUrl).
 */
import { sha256Hex } from '../domain/crypto.js';
import pg from 'pg';
import type { RequestQuery } from './request-queries.js';

/** The PostgreSQL index FerretDB's equality pushdown on `field` can use. */
export function pushdownIndexName(table: string, field: string): string {
  const hash = sha256Hex(`${table}\0${field}`).slice(0, 10);
  return `hx_${field.replace(/[^a-z0-9]/gi, '_').slice(0, 30).toLowerCase()}_${hash}_gin`;
}

export interface PushdownIndexReport {
  /** Indexes made now ("collection.field"). */
  created: string[];
  /** Collections FerretDB has no table for yet (created when first written; the next start indexes them). */
  missingCollections: string[];
}

/**
 * Creates the GIN indexes for the queries' fields in the FerretDB database `dbName` (a
 * PostgreSQL schema of that name). FerretDB keeps collection -> table in
 * `<schema>._ferretdb_database_metadata`.
 */
export async function ensurePushdownIndexes(postgresUrl: string, dbName: string, queries: readonly RequestQuery[]): Promise<PushdownIndexReport> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const metadata = await client.query<{ collection: string; table: string }>(
      `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table FROM ${pg.escapeIdentifier(dbName)}._ferretdb_database_metadata`,
    );
    const tables = new Map(metadata.rows.map((r) => [r.collection, r.table]));
    const report: PushdownIndexReport = { created: [], missingCollections: [] };
    const wanted = new Map<string, Set<string>>();
    for (const q of queries) {
      const fields = wanted.get(q.collection) ?? new Set(['_id']);
      for (const f of q.fields) fields.add(f);
      wanted.set(q.collection, fields);
    }
    const existing = new Set(
      (await client.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [dbName])).rows.map((r) => r.indexname),
    );
    for (const [collection, fields] of wanted) {
      const table = tables.get(collection);
      if (!table) {
        report.missingCollections.push(collection);
        continue;
      }
      for (const field of fields) {
        const name = pushdownIndexName(table, field);
        if (existing.has(name)) continue;
        try {
          await client.query(
            `CREATE INDEX IF NOT EXISTS ${pg.escapeIdentifier(name)} ON ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(table)} USING gin ((_jsonb->${pg.escapeLiteral(field)}) jsonb_path_ops)`,
          );
          report.created.push(`${collection}.${field}`);
        } catch (err) {
          // Another instance starting at the same moment created it first (42P07, or 23505 from the catalog).
          if (!['42P07', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
        }
      }
    }
    return report;
  } catch (err) {
    // 3F000: the schema does not exist yet (nothing was ever written to this database).
    if ((err as { code?: string }).code === '3F000' || (err as { code?: string }).code === '42P01') return { created: [], missingCollections: queries.map((q) => q.collection) };
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
