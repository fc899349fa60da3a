/**
 * Fetching a handover reads one document (issue 33.4): its read model, found by the handover's id
 * together with the caller (services/handover-read-model.ts), beside the journal of changes it may
 * not show yet; a repeated read writes nothing but its audit event. Before the read model a
 * municipality's repeated fetch cost 9 commands after the credential's and its organisation's (its
 * access lookup, the versions, the withdrawals, the version and its signed bytes, the consent
 * changes, a retrieval insert that failed on its key, a funnel note, the audit event) and a sender's
 * 7, and every request read its caller's organisation again (never changed once created: now once
 * per process). Now 3 for both, after the credential's. Counted with
 * the driver's command monitoring on the real database; what the answers show is checked too.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, family, gpPractice, nextVersion, submit, withdraw, withoutAttachments, type Doc } from '../helpers/handovers.js';
import { startQuietMonitoredWorld } from '../helpers/command-monitor.js';
import type { TestApp } from '../helpers/test-app.js';
import type { TestOrg, World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let get: Awaited<ReturnType<typeof startQuietMonitoredWorld>>['get'];
beforeAll(async () => {
  // No background job runs while a request's commands are recorded: the notes are derived by settle() below.
  ({ t, w, get } = await startQuietMonitoredWorld());
});
afterAll(() => t.close());

/** The commands of one fetch after the credential's, sorted, and the answer. */
async function fetchAs(org: TestOrg, path: string): Promise<{ commands: string[]; body: Doc }> {
  const { commands, body } = await get(org, path);
  return { commands: commands.sort(), body: body as Doc };
}

const ONE_READ = ['find handover_read_changes', 'find handover_reads', 'insert audit_pending'];

describe('fetching a handover', () => {
  it('as the municipality again, or as the sender, reads the read model once and writes only the audit event; the first read is recorded and counted once', async () => {
    const doc = withoutAttachments(family('730'));
    await submit(t, w.drk, doc);
    await t.deps.derivations.settle();
    const path = `/v1/handovers/${doc.handoverId}`;
    const first = await fetchAs(w.randers, path);
    // The first retrieval, the figures' note of it and the funnel's note of the read (the caller's organisation was read when its credential was issued).
    expect(first.commands).toEqual([...ONE_READ.slice(0, 2), 'insert audit_pending', 'insert derivations', 'insert derivations', 'insert retrievals']);
    await t.deps.derivations.settle();
    const again = await fetchAs(w.randers, path);
    expect(again.commands).toEqual(ONE_READ);
    expect(again.body).toEqual(first.body);
    const sender = await fetchAs(w.drk, path);
    expect(sender.commands).toEqual(ONE_READ);
    expect(sender.body).toMatchObject({ handoverId: doc.handoverId, version: 1, status: 'current', document: doc });
    // Recorded once, counted once: each of the five persons retrieved by Randers.
    await t.deps.derivations.settle();
    const db = t.deps.db.connection.db!;
    expect(await db.collection('retrievals').countDocuments({ handoverId: doc.handoverId })).toBe(1);
    expect(await db.collection('funnel_facts').countDocuments({ handoverId: doc.handoverId, stage: 'retrieved', municipalityCode: '730' })).toBe(5);
  });

  it('shows a change the read model does not show yet from the stored records: a consent withdrawn, a new version, its withdrawal', async () => {
    const doc = withoutAttachments(family('730'));
    await submit(t, w.drk, doc);
    await t.deps.derivations.settle();
    const path = `/v1/handovers/${doc.handoverId}`;
    await fetchAs(w.randers, path);
    await t.deps.derivations.settle();
    expect((await fetchAs(w.randers, path)).commands).toEqual(ONE_READ);

    const change = { personRef: 'F4', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', obtainedHow: 'Telefonsamtale med mor (F2) og tolk på dari' };
    const recorded = await request(t.app).post(`${path}/consent-changes`).set(as(w.drk.token)).send(change);
    expect(recorded.status, recorded.text).toBe(201);
    const stored = await fetchAs(w.randers, path);
    expect(stored.body.healthWithheldFor).toEqual(['F4']);
    expect(stored.commands).toContain('find consent_changes');
    await t.deps.derivations.settle();
    const modelled = await fetchAs(w.randers, path);
    expect(modelled.commands).toEqual(ONE_READ);
    expect(modelled.body).toEqual(stored.body);

    const v2 = nextVersion(doc);
    await submit(t, w.drk, v2);
    expect((await fetchAs(w.randers, path)).body).toMatchObject({ version: 2, status: 'current', healthWithheldFor: ['F4'] });
    await t.deps.derivations.settle();
    const second = await fetchAs(w.randers, path);
    expect(second.body).toMatchObject({ version: 2, status: 'current', healthWithheldFor: ['F4'] });
    // Its first retrieval was recorded by the read before (from the stored records), and counted.
    expect(second.commands).toEqual(ONE_READ);
    expect((await fetchAs(w.randers, `${path}?version=1`)).body).toMatchObject({ version: 1, status: 'superseded' });

    await withdraw(t, w.drk, doc.handoverId, 2);
    expect((await fetchAs(w.randers, path)).body).toMatchObject({ version: 1, status: 'current' });
    expect((await fetchAs(w.drk, `${path}?version=2`)).body).toMatchObject({ version: 2, status: 'withdrawn' });
    await t.deps.derivations.settle();
    const back = await fetchAs(w.randers, path);
    expect(back.commands).toEqual(ONE_READ);
    expect(back.body).toMatchObject({ version: 1, status: 'current', healthWithheldFor: ['F4'] });
  });

  it("as the coordinating department's briefing, reads the household's GP assignments in one query, however many persons (it was one per person)", async () => {
    const doc = withoutAttachments(family('730'));
    await submit(t, w.drk, doc);
    await t.deps.derivations.settle();
    const gp = await gpPractice(t, w.admin, 'gp-fetch-reads');
    const assigned = await request(t.app).post(`/v1/handovers/${doc.handoverId}/gp-assignments`).set(as(w.randers.token)).send({ personRef: 'F2', gpOrganisationId: gp.id });
    expect(assigned.status, assigned.text).toBe(201);
    await t.deps.derivations.settle();
    const briefing = await get(w.randers, `/v1/handovers/${doc.handoverId}/briefing`);
    expect(briefing.commands.filter((c) => c === 'find gp_assignments')).toHaveLength(1);
    // The one assigned is shown with its practice, the four others not.
    expect(JSON.stringify(briefing.body)).toContain('Lægepraksis gp-fetch-reads');
  });
});
