/**
 * Backup and restore, proven: a populated store is dumped with PostgreSQL's own tools (the
 * docs/operations.md's procedure for FerretDB on PostgreSQL), restored into an empty database, served by a
 * FerretDB of its own, and `handover verify-store` checks it end to end; then damage made to the
 * restored copy (a lost attachment chunk, a rewritten key record, the newest audit events gone)
 * is named by the same command.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { writeAuditCheckpoint } from '../../src/services/audit-checkpoints.js';
import type { DatabaseProcess } from '../../src/database-process/database-process.js';
import { ensureFerretDbBinary, startFerretDb } from '../../src/database-process/ferretdb.js';
import { ensurePostgresDatabase, ferretDbPostgresUrl, findPostgresBinDir } from '../../src/database-process/postgres.js';
import { runCli } from '../helpers/cli.js';
import { as, familyFile, nextVersion, singleAdult, submit, submitFamilyWithRecord, withdraw } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let restored: DatabaseProcess | undefined;
let restoredPostgresUrl: string;
let familyId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-restore-'));

/** The PostgreSQL URL as libpq tools take it (FerretDB's planner settings are not connection parameters of theirs). */
const libpqUrl = (url: string) => {
  const u = new URL(url);
  u.search = '';
  return u.toString();
};

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  const family = await submitFamilyWithRecord(t, w, '730');
  familyId = family.doc.handoverId;
  const adult = singleAdult('751');
  await submit(t, w.drk, adult);
  await submit(t, w.drk, nextVersion(adult));
  await withdraw(t, w.drk, adult.handoverId, 2);
  await request(t.app).get(`/v1/handovers/${familyId}`).set(as(w.randers.token)).expect(200);
  await request(t.app).post(`/v1/handovers/${familyId}/acknowledgements`).set(as(w.randers.token)).send({}).expect(201);
  await writeAuditCheckpoint(t.deps.checkpoints, 'interval');
}, 120_000);

afterAll(async () => {
  await restored?.stop();
  await t.close();
  if (restoredPostgresUrl) {
    const maintenance = new URL(restoredPostgresUrl);
    const name = maintenance.pathname.slice(1);
    maintenance.pathname = '/postgres';
    const client = new pg.Client({ connectionString: libpqUrl(maintenance.toString()) });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => {});
    await client.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup with pg_dump, restore with pg_restore into an empty database, verify-store', () => {
  it('the restored store verifies end to end and serves what was stored', async () => {
    const postgresUrl = inject('postgresUrl');
    // The run's database is FerretDB on PostgreSQL (on our machines and in CI): the procedure under test.
    expect(postgresUrl, 'the test run is on FerretDB on PostgreSQL').not.toBe('');
    // The client tools beside the server's own binaries (Debian's /usr/lib/postgresql/<major>/bin; a link on PATH is followed).
    const bin = path.dirname(fs.realpathSync(path.join(findPostgresBinDir(process.env.PATH)!, 'initdb')));
    const dump = path.join(dir, 'handover.dump');
    // FerretDB keeps each database in a PostgreSQL schema of the same name.
    execFileSync(path.join(bin, 'pg_dump'), ['--format=custom', `--schema=${t.config.dbName}`, `--file=${dump}`, `--dbname=${libpqUrl(postgresUrl)}`]);
    expect(fs.statSync(dump).size).toBeGreaterThan(10_000);

    const target = new URL(postgresUrl);
    target.pathname = `/restore_${randomBytes(5).toString('hex')}`;
    restoredPostgresUrl = target.toString();
    await ensurePostgresDatabase(libpqUrl(restoredPostgresUrl));
    execFileSync(path.join(bin, 'pg_restore'), ['--no-owner', `--dbname=${libpqUrl(restoredPostgresUrl)}`, dump]);

    const binary = (await ensureFerretDbBinary(loadConfig(process.env).cacheDir, process.env.PATH))!;
    restored = await startFerretDb(binary, path.join(dir, 'ferretdb'), { kind: 'postgresql', url: ferretDbPostgresUrl(restoredPostgresUrl) });
    const env = { MONGODB_URI: restored.uri, HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile! };

    const check = await runCli(t, ['verify-store'], env);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^store verified: 3 handover versions, 1 attachments, \d+ audit events chained up to signed checkpoint 1\n$/);
    expect(check.status).toBe(0);

    // The service itself runs on the restored copy: the family's handover and its attachment read back.
    const again = await startTestApp({ HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile! }, { mongodbUri: restored.uri });
    try {
      const res = await request(again.app).get(`/v1/handovers/${familyId}`).set(as(w.randers.token)).expect(200);
      const link = (res.body.attachments as { href: string }[])[0]!.href;
      const file = await request(again.app).get(link).set(as(w.randers.token)).buffer(true).expect(200);
      expect(Buffer.compare(file.body as Buffer, familyFile)).toBe(0);
    } finally {
      await again.close({ keepData: true });
    }
  });

  it('names each kind of damage in the restored copy and exits 1', async () => {
    const env = { MONGODB_URI: restored!.uri, HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: t.config.serviceKeyFile };
    const conn = await mongoose.createConnection(restored!.uri, { dbName: t.config.dbName }).asPromise();
    try {
      const db = conn.db!;
      await db.collection('attachments.chunks').deleteOne({});
      // The key record rewritten as if revoked before anything was signed with it.
      await db.collection('signing_keys').updateOne({ organisationId: 'drk-asylum' }, { $set: { revokedAt: new Date('2000-01-01T00:00:00Z') } });
      // The log cut back to before the head its last signed checkpoint covers.
      const checkpoint = (await db.collection('audit_checkpoints').find({}).toArray()).sort((a, b) => b.headSeq - a.headSeq)[0]!;
      await db.collection('audit_events').deleteMany({ _id: { $gte: checkpoint.headSeq } } as object);
    } finally {
      await conn.close();
    }
    const check = await runCli(t, ['verify-store'], env);
    expect(check.status).toBe(1);
    // The chunk gone: the file reads back empty, and the manifest's size and SHA-256 show it.
    expect(check.stdout).toContain(`FAIL attachment A1 of handover ${familyId} version 1: file `);
    expect(check.stdout).toMatch(/has 0 bytes with SHA-256 e3b0c442\w+; the signed manifest says \d+ bytes, \w{64}\n/);
    expect(check.stdout).toMatch(/FAIL handover [\w-]+ version 1: key validity: the key was revoked at receipt/);
    expect(check.stdout).toMatch(/FAIL audit log: broken at event \d+ \(truncated\): the log ends at event \d+, but the signed checkpoint/);
    expect(check.stdout).toMatch(/store NOT verified: \d+ problems; 3 handover versions, 1 attachments, the audit log does not verify\n$/);
  });

  it('refuses to check without service keys to trust (exit 2)', async () => {
    const res = await runCli(t, ['verify-store'], { MONGODB_URI: restored!.uri, HANDOVER_DB_NAME: t.config.dbName, HANDOVER_SERVICE_KEY_FILE: path.join(dir, 'no-such-key.json') });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/no service keys to trust/);
  });
});
