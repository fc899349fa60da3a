/** The service as an operator runs it: `node build/main.js` (compiled from src/, as `npm start` runs it) in its own process. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { isAlive } from './helpers/process-alive.js';
import { SERVICE_ARGS } from './helpers/service-process.js';
import { validHandoverNames } from './helpers/fixtures.js';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];

/** Database choices the run's environment may carry (CI points the tests at its PostgreSQL): the service here resolves its own, as on a newcomer's machine. */
const DATABASE_CHOICES = ['MONGODB_URI', 'HANDOVER_POSTGRES_URL', 'HANDOVER_EMBEDDED_BACKEND'];

function startService(env: Record<string, string | undefined>) {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) {
    if (v !== undefined && !DATABASE_CHOICES.includes(k)) clean[k] = v;
  }
  for (const k of DATABASE_CHOICES) if (env[k]) clean[k] = env[k]!;
  const child = spawn(process.execPath, [...SERVICE_ARGS], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logLine = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = stdout.split('\n').find((l) => pattern.test(l));
      if (line) return JSON.parse(line) as Record<string, unknown>;
      if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no log line ${pattern} in ${stdout}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exit, logLine, output: () => ({ stdout, stderr }) };
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});


describe('start-up and shutdown of the service process', () => {
  it('stops with exit 1 and names the variable when the configuration is invalid', async () => {
    const s = startService({ PORT: 'eighty', HANDOVER_LOG_LEVEL: 'chatty' });
    expect(await s.exit).toBe(1);
    const { stderr } = s.output();
    expect(stderr).toContain('PORT: must be a whole number');
    expect(stderr).toContain('HANDOVER_LOG_LEVEL: must be one of');
  });

  it('stops with exit 1 naming the three database options when none can be had', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-nodb-'));
    const s = startService({ PATH: empty, HANDOVER_CACHE_DIR: empty, HANDOVER_DATA_DIR: empty, PORT: '0' });
    expect(await s.exit).toBe(1);
    const { stderr } = s.output();
    expect(stderr).toContain('MONGODB_URI');
    expect(stderr).toContain('mongod');
    expect(stderr).toMatch(/Go >= 1\.24/);
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('starts the embedded FerretDB on its own PostgreSQL, keeps its data dir, finishes an in-flight request on SIGTERM and leaves no process behind', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-main-'));
    const s = startService({ HANDOVER_DATA_DIR: dataDir, PORT: '0', PATH: process.env.PATH, HANDOVER_AUDIT_CHECKPOINT_MS: '1000' });
    const chosen = await s.logLine(/"database":"ferretdb-postgresql"/);
    expect(chosen.msg).toMatch(/^database: embedded FerretDB v1\.24\.2 on 127\.0\.0\.1:\d+, on its own PostgreSQL \(.+\) on 127\.0\.0\.1:\d+, data in .+postgres.data$/);
    const { port } = (await s.logLine(/"msg":"listening/)) as { port: number };
    const [dbPid] = fs.readFileSync(path.join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8').split(' ').map(Number);
    expect(isAlive(dbPid!)).toBe(true);
    const [pgPid] = fs.readFileSync(path.join(dataDir, 'postgres', 'postgres.pid'), 'utf8').split(' ').map(Number);
    expect(isAlive(pgPid!)).toBe(true);

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    // Demo data on the first start of an empty embedded database: credentials that work.
    const demo = await s.logLine(/demo data loaded/);
    expect(demo).toMatchObject({ organisations: 13, handovers: validHandoverNames().length });
    const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo', 'credentials.demo-only.json'), 'utf8'));
    const versions = await fetch(`http://127.0.0.1:${port}/v1/handovers/0b8f1d0e-6d5c-4f3a-9a47-3f8d2c1e5a01/versions`, { headers: { Authorization: `Bearer ${creds.credentials['drk-asylum'].token}` } });
    expect(await versions.json()).toMatchObject({ currentVersion: 2, status: 'submitted' });
    const read = await fetch(`http://127.0.0.1:${port}/v1/handovers/0b8f1d0e-6d5c-4f3a-9a47-3f8d2c1e5a01`, { headers: { Authorization: `Bearer ${creds.credentials['drk-asylum'].token}` } });
    expect(read.status).toBe(200);
    const audit = await fetch(`http://127.0.0.1:${port}/v1/audit?limit=5`, { headers: { Authorization: `Bearer ${creds.credentials['service-auditor'].token}` } });
    expect(audit.status).toBe(200);
    expect(((await audit.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    // The audit chain's head is signed at the interval, once it has grown.
    expect(await s.logLine(/"msg":"audit checkpoint signed"/, 10_000)).toMatchObject({ checkpoint: 1, headSeq: expect.any(Number) });
    expect(fs.statSync(path.join(dataDir, 'keys', 'service-signing-key.private.jwk.json')).mode & 0o777).toBe(0o600);
    const dbPort = Number(/127\.0\.0\.1:(\d+)/.exec(String(chosen.msg))![1]);
    const marker = { _id: `restart-${Date.now()}` };
    const client = await mongoose.createConnection(`mongodb://127.0.0.1:${dbPort}/handover`).asPromise();
    await client.db!.collection<{ _id: string }>('persistence_probe').insertOne(marker);
    await client.close();

    // A request whose body is still arriving when SIGTERM comes must still be answered.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/validate', headers: { 'Content-Type': 'application/json', 'Content-Length': '11' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('{"a":');
      setTimeout(async () => {
        s.child.kill('SIGTERM');
        await s.logLine(/shutting down/);
        setTimeout(() => req.end('"bcd"}'), 300);
      }, 100);
    });
    const { status, body } = await answer;
    // the request completed normally: parsed, validated and answered
    expect(status).toBe(422);
    expect(JSON.parse(body).errors).toEqual([{ pointer: '/documentType', keyword: 'documentType', message: 'must be one of: handover, handover-withdrawal, health-assessment-result' }]);

    expect(await s.exit).toBe(0);
    await s.logLine(/"msg":"stopped"/);
    expect(isAlive(dbPid!)).toBe(false);
    expect(isAlive(pgPid!)).toBe(false);

    // A second start on the same data dir finds what the first one stored.
    const again = startService({ HANDOVER_DATA_DIR: dataDir, PORT: '0', PATH: process.env.PATH });
    const second = await again.logLine(/"database":"ferretdb-postgresql"/);
    await again.logLine(/schemas loaded/);
    expect(again.output().stdout).not.toMatch(/demo data loaded|generated a new service signing key/);
    const port2 = Number(/127\.0\.0\.1:(\d+)/.exec(String(second.msg))![1]);
    await again.logLine(/"msg":"listening/);
    const client2 = await mongoose.createConnection(`mongodb://127.0.0.1:${port2}/handover`).asPromise();
    expect(await client2.db!.collection<{ _id: string }>('persistence_probe').findOne(marker)).toEqual(marker);
    await client2.close();
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
