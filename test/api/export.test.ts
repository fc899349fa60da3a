/**
 * Bulk export for a municipality: NDJSON of its handovers in a date range, as the coordinating
 * department may see them, a bounded stretch per request and resumable by cursor, one audit event
 * per request; and `handover export`, which fetches it all into a file and resumes a cut-off one.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliInTerminal } from '../helpers/cli.js';
import { as, auditorOf, family, singleAdult, submit, temporaryProtection, withdraw, withoutAttachments } from '../helpers/handovers.js';
import { expectProblem } from '../helpers/problem.js';
import { pdfText } from '../helpers/pdf-reader.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const DAY = 86_400_000;
let t: TestApp;
let w: World;
/** The service's clock, moved between submissions so that they are received on different days. */
let now = Date.parse('2026-11-01T10:00:00Z');
const ids: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date(now) });
  w = await setupWorld(t);
  // Aarhus (751): seven handovers on 1, 3 and 5 November, one withdrawn; Randers (730): one.
  for (const [day, doc] of [
    [0, singleAdult('751')],
    [0, singleAdult('751')],
    [2, withoutAttachments(family('751'))],
    [2, singleAdult('751')],
    [4, temporaryProtection('751')],
    [4, singleAdult('751')],
    [4, singleAdult('751')],
  ] as const) {
    now = Date.parse('2026-11-01T10:00:00Z') + day * DAY;
    await submit(t, w.drk, doc);
    ids.push(doc.handoverId);
  }
  await withdraw(t, w.drk, ids[1]!, 1);
  await submit(t, w.drk, singleAdult('730'));
  now = Date.parse('2026-11-10T10:00:00Z');
});
afterAll(() => t.close());

type Line = Record<string, any>;
const exportOnce = async (query: string, token = w.aarhus.token) => {
  const res = await request(t.app).get(`/v1/municipalities/751/export${query}`).set(as(token)).buffer(true).parse((r, cb) => {
    let text = '';
    r.on('data', (c: Buffer) => (text += c));
    r.on('end', () => cb(null, text));
  });
  return { res, lines: res.status === 200 ? (String(res.body).trim().split('\n').map((l) => JSON.parse(l)) as Line[]) : [] };
};

/** Every line of a whole export, following `next` request by request. */
async function exportAll(query: Record<string, string>): Promise<{ lines: Line[]; requests: number }> {
  const lines: Line[] = [];
  let after: string | undefined;
  for (let requests = 1; ; requests++) {
    const { res, lines: page } = await exportOnce(`?${new URLSearchParams({ ...query, ...(after ? { after } : {}) })}`);
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const end = page.at(-1)!;
    expect(end.type).toBe('end');
    lines.push(...page.slice(0, -1));
    expect(end.count).toBe(page.length - 1);
    if (end.next === null) return { lines, requests };
    after = end.next;
  }
}

describe('GET /v1/municipalities/:code/export', () => {
  it('exports every version of the municipality once, in order, across bounded requests, as the coordinating department may see it', async () => {
    const { lines, requests } = await exportAll({ limit: '3' });
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(lines.map((l) => l.handoverId)).toEqual(ids);
    expect(lines.every((l) => l.type === 'handover' && l.version === 1 && /^[0-9a-f]{64}$/.test(l.jwsSha256) && l.document.recipient.municipalityCode === '751')).toBe(true);
    // Health withheld where consent does not cover the coordinating department (fixture 07: S2 and S3).
    const tp = lines.find((l) => l.handoverId === ids[4])!;
    expect(tp.healthWithheldFor.length).toBeGreaterThan(0);
    for (const ref of tp.healthWithheldFor) {
      const person = tp.document.persons.find((p: Line) => p.personRef === ref);
      expect(person.healthScreening).toEqual({ status: 'withheld', reason: 'consent-missing', audience: 'coordinating-department', scope: 'health' });
      expect(JSON.stringify(person.healthScreening)).not.toMatch(/medications|diagnoses/);
    }
  });

  it('exports a date range: received on or after from, before to', async () => {
    const { lines } = await exportAll({ from: '2026-11-02', to: '2026-11-04' });
    expect(lines.map((l) => l.handoverId)).toEqual(ids.slice(2, 4));
    expect(lines.every((l) => l.receivedAt.startsWith('2026-11-03'))).toBe(true);
    expect((await exportAll({ from: '2026-11-05T00:00:00Z' })).lines.map((l) => l.handoverId)).toEqual(ids.slice(4));
  });

  it('resumes from any line: after its cursor comes exactly the rest', async () => {
    const all = (await exportAll({})).lines;
    const { lines } = await exportAll({ after: all[3]!.cursor });
    expect(lines.map((l) => l.handoverId)).toEqual(ids.slice(4));
  });

  it('audits one event per request, not one per handover, and counts the versions as retrieved', async () => {
    const auditor = await auditorOf(t, w.admin);
    const before = (await request(t.app).get('/v1/audit?action=handovers.export&limit=500').set(as(auditor)).expect(200)).body.items.length as number;
    const { requests } = await exportAll({ limit: '4' });
    const events = (await request(t.app).get('/v1/audit?action=handovers.export&limit=500').set(as(auditor)).expect(200)).body.items as Line[];
    expect(events.length - before).toBe(requests);
    expect(events.at(-1)).toMatchObject({ action: 'handovers.export', outcome: 'ok', actor: { organisationId: 'aarhus' } });
    const status = (await request(t.app).get(`/v1/handovers/${ids[6]}/status`).set(as(w.drk.token)).expect(200)).body;
    expect(status).toMatchObject({ status: 'retrieved', versions: [{ version: 1, firstRetrieved: { by: 'aarhus', at: expect.any(String) } }] });
  });

  it('carries the coordinating department’s PDF of each version on request (include=pdf, in the asked language), the same the PDF route renders', async () => {
    const { res, lines } = await exportOnce('?limit=2&include=pdf&lang=en');
    expect(res.status).toBe(200);
    const handovers = lines.filter((l) => l.type === 'handover');
    expect(handovers).toHaveLength(2);
    for (const line of handovers) {
      expect(line.pdf).toMatchObject({ filename: `handover-${line.handoverId}-v${line.version}-coordinating-department-en.pdf`, mediaType: 'application/pdf' });
      const text = await pdfText(Buffer.from(line.pdf.base64, 'base64'));
      expect(text).toContain(line.document.persons[0].socialInformation.identity.familyName);
      expect(text).toContain(`Handover ${line.handoverId.slice(0, 8)}`);
    }
    expect((await exportOnce('?limit=1')).lines[0]!.pdf).toBeUndefined();
    const bad = expectProblem(await request(t.app).get('/v1/municipalities/751/export?include=zip&lang=de').set(as(w.aarhus.token)), 400, 'bad-request');
    // Each against its described values, whether or not the PDF was asked for.
    expect(bad.errors!.map((e) => e.pointer)).toEqual(['/query/include', '/query/lang']);
    expectProblem(await request(t.app).get('/v1/municipalities/751/export?include=pdf&lang=de').set(as(w.aarhus.token)), 400, 'bad-request');
  });

  it('is the municipality’s own: another code is 404, a sender 403, bad parameters 400 naming each', async () => {
    expectProblem(await request(t.app).get('/v1/municipalities/730/export').set(as(w.aarhus.token)), 404, 'not-found');
    expectProblem(await request(t.app).get('/v1/municipalities/751/export').set(as(w.drk.token)), 403, 'forbidden');
    // What the description rules out first (limit), then what only the export can judge (a cursor, a date), each named.
    expect(expectProblem(await request(t.app).get('/v1/municipalities/751/export?from=yesterday&after=x&limit=0').set(as(w.aarhus.token)), 400, 'bad-request').errors!.map((e) => e.pointer)).toEqual(['/query/limit']);
    const bad = expectProblem(await request(t.app).get('/v1/municipalities/751/export?from=yesterday&after=x').set(as(w.aarhus.token)), 400, 'bad-request');
    expect(bad.errors!.map((e) => e.pointer).sort()).toEqual(['/query/after', '/query/from']);
    expectProblem(await request(t.app).get('/v1/municipalities/751/export?from=2026-11-05&to=2026-11-01').set(as(w.aarhus.token)), 400, 'bad-request');
  });
});

describe('handover export', () => {
  let server: http.Server;
  let url: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-export-'));
  beforeAll(async () => {
    server = http.createServer(t.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const lineIds = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).handoverId as string);

  it('writes every handover as one NDJSON line and exits 0; piped it prints no progress', async () => {
    const out = path.join(dir, 'all.ndjson');
    const res = await runCli(t, ['export', '--url', url, '--municipality', '751', '--out', out, '--credential', w.aarhus.token]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe(`exported ${ids.length} handovers to ${out}\n`);
    expect(res.stderr).toBe('');
    expect(lineIds(out)).toEqual(ids);
    // Refuses to overwrite.
    expect((await runCli(t, ['export', '--url', url, '--municipality', '751', '--out', out, '--credential', w.aarhus.token])).status).toBe(2);
  });

  it('resumes a cut-off file after its last complete line, dropping a partial one', async () => {
    const whole = fs.readFileSync(path.join(dir, 'all.ndjson'), 'utf8').split('\n');
    const out = path.join(dir, 'cut.ndjson');
    fs.writeFileSync(out, `${whole.slice(0, 3).join('\n')}\n${whole[3]!.slice(0, 40)}`);
    const res = await runCli(t, ['export', '--url', url, '--municipality', '751', '--out', out, '--resume', '--credential', w.aarhus.token]);
    expect(res.status, res.stderr).toBe(0);
    expect(lineIds(out)).toEqual(ids);
  });

  it('shows a running count on a terminal', async () => {
    const res = await runCliInTerminal(['export', '--url', url, '--municipality', '751', '--out', path.join(dir, 'tty.ndjson')], { HANDOVER_CREDENTIAL: w.aarhus.token });
    expect(res.status).toBe(0);
    expect(res.screen).toMatch(/exporting handovers: \d+ so far/);
  });

  it('exits 1 with the problem when the service refuses (another municipality)', async () => {
    const res = await runCli(t, ['export', '--url', url, '--municipality', '730', '--out', path.join(dir, 'x.ndjson'), '--credential', w.aarhus.token]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/refused \(404\)/);
  });
});
