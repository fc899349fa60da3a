/**
 * Reliability catalogue 51: a 404 for another tenant's existing id takes the same time as for
 * an unknown id. Time itself is not asserted (tests never time); the work is: the database
 * commands each answer costs are recorded by the driver's command monitoring and must be the
 * same, command for command, collection for collection, and no more than the one lookup that
 * decides existence and access together.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, familyFile, gpPractice, submit, family, singleAdult, type Doc } from '../helpers/handovers.js';
import { readValidFixture } from '../helpers/fixtures.js';
import { expectProblem } from '../helpers/problem.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { postCompact, setupWorld, signCompact, type TestOrg, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let randersId: string;
let aarhusId: string;
/** Two GP practices: the family's F1 is assigned to the first; the second asks about F1. */
let gpOfF1: TestOrg;
let otherGp: TestOrg;
/** The commands the driver sent, as "command collection", while `record` is on. */
let recorded: string[] | undefined;
/** The documents each of those finds answered with, as "collection documents" (what was read, not only asked). */
let answered: string[] | undefined;

beforeAll(async () => {
  const uri = inject('mongodbUri');
  const postgresUrl = inject('postgresUrl');
  // Command monitoring is fixed per connection when it opens, so it is asked for in the URI.
  t = await startTestApp({}, { mongodbUri: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, ...(postgresUrl ? { postgresUrl } : {}) });
  const findsOf = new Map<number | string, string>();
  t.deps.db.connection.getClient().on('commandStarted', (e) => {
    if (!recorded || ['hello', 'isMaster', 'ping', 'endSessions'].includes(e.commandName)) return;
    recorded.push(`${e.commandName} ${String(e.command[e.commandName])}`);
    if (e.commandName === 'find') findsOf.set(e.requestId, String(e.command.find));
  });
  t.deps.db.connection.getClient().on('commandSucceeded', (e) => {
    const collection = findsOf.get(e.requestId);
    findsOf.delete(e.requestId);
    if (answered && collection) answered.push(`${collection} ${(e.reply as { cursor?: { firstBatch?: unknown[] } }).cursor?.firstBatch?.length ?? 0}`);
  });
  w = await setupWorld(t);
  const doc = family('730');
  randersId = doc.handoverId;
  await submit(t, w.drk, doc, [{ bytes: familyFile, name: 'operation-kabul-2022.pdf', type: 'application/pdf' }]);
  gpOfF1 = await gpPractice(t, w.admin, 'laege-f1');
  otherGp = await gpPractice(t, w.admin, 'laege-anden');
  const assigned = await request(t.app).post(`/v1/handovers/${randersId}/gp-assignments`).set(as(w.randers.token)).send({ personRef: 'F1', gpOrganisationId: gpOfF1.id });
  expect(assigned.status, assigned.text).toBe(201);
  const own = singleAdult('751');
  aarhusId = own.handoverId;
  await submit(t, w.drk, own);
  // What the submissions left to derive is derived now, not while a request's commands are recorded (services/derivations.ts).
  await t.deps.derivations.settle();
  // Nor does the notification dispatcher poll the outbox while they are (the CI run at 12:13 saw its
  // 'findAndModify outbox_messages' among one request's commands): nothing here is delivered.
  await t.deps.dispatcher.stop();
});
afterAll(() => t.close());

/** The commands one request costs, after the credential lookup (the same for every request), and its answer. */
async function commandsOf(path: string | (() => Promise<{ status: number; text: string; headers: Record<string, unknown> }>)): Promise<{ status: number; commands: string[]; documents: string[]; problem: Doc }> {
  // The signing of a request body is done before recording: only the request's own commands count.
  const send = typeof path === 'string' ? () => request(t.app).get(path).set(as(w.aarhus.token)) : path;
  recorded = [];
  answered = [];
  const res = await send();
  const commands = recorded;
  const documents = answered;
  recorded = undefined;
  answered = undefined;
  expect(res.status).toBe(404);
  const problem = expectProblem(res, 404, 'not-found');
  return { status: res.status, commands, documents, problem: { ...problem, instance: undefined } };
}

/** What decides nothing about the handover: the caller's credential, organisation and signing key, and the audit event of the answer. */
const aboutTheHandover = (commands: string[]) => commands.filter((c) => !/(^| )(credentials|organisations|signing_keys|audit_events|audit_pending)( \d+)?$/.test(c));

describe('answers about ids that are not the caller’s do not depend on whether they exist', () => {
  it.each([
    ['the handover', (id: string) => `/v1/handovers/${id}`],
    ['its PDF', (id: string) => `/v1/handovers/${id}/pdf?audience=coordinating-department`],
    ['its status', (id: string) => `/v1/handovers/${id}/status`],
    ['an attachment', (id: string) => `/v1/handovers/${id}/versions/1/attachments/A1`],
  ])('reading %s of another municipality costs the same commands as an unknown id', async (_what, pathOf) => {
    // The credential's reads and its last-use note depend on the caller and the time (read once per recheck time), never on the id asked for.
    const lookups = (r: { commands: string[] }) => r.commands.filter((c) => !c.endsWith(' credentials'));
    const other = await commandsOf(pathOf(randersId));
    const unknown = await commandsOf(pathOf(crypto.randomUUID()));
    expect(lookups(other)).toEqual(lookups(unknown));
    // The read model's lookup (with its journal beside it), then the stored versions' lookup, decide
    // existence and access with the caller in the query: each finds nothing, nothing of the handover is read.
    expect(aboutTheHandover(other.commands).sort()).toEqual(['find handover_read_changes', 'find handover_reads', 'find handover_versions']);
    expect(aboutTheHandover(other.documents).sort()).toEqual(['handover_read_changes 0', 'handover_reads 0', 'handover_versions 0']);
    expect(aboutTheHandover(unknown.documents).sort()).toEqual(['handover_read_changes 0', 'handover_reads 0', 'handover_versions 0']);
  });

  it.each([
    ['its versions', (id: string) => async () => request(t.app).get(`/v1/handovers/${id}/versions`).set(as(w.iom.token))],
    [
      'a signed withdrawal of its version 1',
      async (id: string) => {
        const jws = await signCompact({ documentType: 'handover-withdrawal', schemaVersion: '1.0', handoverId: id, version: 1, senderOrganisationId: w.iom.id, withdrawnAt: '2026-11-21T08:00:00Z', reason: 'error-in-content' }, w.iom.key, { typ: 'handover-withdrawal+jws' });
        return () => postCompact(t, w.iom.token, jws, `/v1/handovers/${id}/withdrawals`);
      },
    ],
  ])('%s, asked by another sender, costs the same commands and gets the same answer as for an unknown id', async (_what, requestFor) => {
    const other = await commandsOf(await requestFor(randersId));
    const unknown = await commandsOf(await requestFor(crypto.randomUUID()));
    expect(aboutTheHandover(other.commands)).toEqual(aboutTheHandover(unknown.commands));
    // The one lookup that finds the first version by id and sender decides, and finds nothing: no version, no withdrawal is read.
    expect(aboutTheHandover(other.commands)).toEqual(['find handover_versions']);
    expect(aboutTheHandover(other.documents)).toEqual(['handover_versions 0']);
    expect(aboutTheHandover(unknown.documents)).toEqual(['handover_versions 0']);
    expect(other.problem).toEqual(unknown.problem);
    expect(other.problem).toEqual({ type: 'https://handover-exchange.dk/problems/not-found', title: 'Not found', status: 404, code: 'not-found', detail: 'no such handover', instance: undefined });
  });

  it.each([
    ['the GP summary', (id: string) => async () => request(t.app).get(`/v1/gp/persons/${id}/F1`).set(as(otherGp.token))],
    ['the GP summary as FHIR', (id: string) => async () => request(t.app).get(`/v1/gp/persons/${id}/F1/fhir`).set(as(otherGp.token))],
    [
      'a signed GP result',
      async (id: string) => {
        const r: Doc = { ...readValidFixture<Doc>('20-health-assessment-result-accepted'), resultId: crypto.randomUUID(), handoverId: id, personRef: 'F1' };
        r.gpPractice = { ...r.gpPractice, organisationId: otherGp.id };
        const jws = await signCompact(r, otherGp.key, { typ: 'health-assessment-result+jws' });
        return () => postCompact(t, otherGp.token, jws, '/v1/health-assessments');
      },
    ],
  ])('%s of a person assigned to another GP practice costs the same commands and gets the same answer as for an unknown id', async (_what, requestFor) => {
    const other = await commandsOf(await requestFor(randersId));
    const unknown = await commandsOf(await requestFor(crypto.randomUUID()));
    expect(aboutTheHandover(other.commands)).toEqual(aboutTheHandover(unknown.commands));
    // The one lookup of the assignment by person and practice decides, and finds nothing.
    expect(aboutTheHandover(other.commands)).toEqual(['find gp_assignments']);
    expect(aboutTheHandover(other.documents)).toEqual(['gp_assignments 0']);
    expect(other.problem).toEqual(unknown.problem);
    expect(other.problem).toEqual({ type: 'https://handover-exchange.dk/problems/not-found', title: 'Not found', status: 404, code: 'not-found', detail: 'no such person assigned to this practice', instance: undefined });
    // The practice it is assigned to reads it.
    expect((await request(t.app).get(`/v1/gp/persons/${randersId}/F1`).set(as(gpOfF1.token))).status).toBe(200);
  });

  it('the same body for both, and the caller’s own handover is still read', async () => {
    const a = await request(t.app).get(`/v1/handovers/${randersId}`).set(as(w.aarhus.token));
    const b = await request(t.app).get(`/v1/handovers/${crypto.randomUUID()}`).set(as(w.aarhus.token));
    const strip = (text: string) => ({ ...JSON.parse(text), instance: undefined });
    expect(strip(a.text)).toEqual(strip(b.text));
    expect((await request(t.app).get(`/v1/handovers/${aarhusId}`).set(as(w.aarhus.token))).status).toBe(200);
  });
});
