/**
 * A consent change stored while the worker rebuilds the handover's read model, after the facts
 * were read and before the journal's notes were checked: the model must not cover the change's
 * note (it does not show the change), so a fetch reads the stored records and withholds the health
 * the person withdrew. Found by pdf.test.ts failing once in a full run: the PDF after a withdrawal
 * still named the child's medication (the model covered the note because the change was stored by
 * the time its note was checked, though the facts it was built from were read before).
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFacts } from '../../src/services/handover-read-model.js';
import type { HandoverReadStore } from '../../src/services/ports/handover-reads.js';
import { noteReadChange } from '../../src/storage/handover-read.repository.js';
import { as, submit, temporaryProtection, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' });
  w = await setupWorld(t);
  doc = temporaryProtection('751');
  await submit(t, w.drk, doc);
  // The worker stopped: this test rebuilds the model itself, at the moment it chooses.
  await t.deps.derivations.stop();
});
afterAll(() => t.close());

describe('the read model and a consent change stored during its rebuild', () => {
  it('leaves the change uncovered, so the fetch withholds the health the person withdrew', async () => {
    const models = { HandoverReadChange: t.deps.db.connection.model('HandoverReadChange') } as never;
    const ConsentChange = t.deps.db.connection.model('ConsentChange');
    const s3 = doc.persons.find((p: Doc) => p.personRef === 'S3');
    const medicine = s3.healthScreening.medications.entries[0].name as string;
    const fetched = async () => JSON.stringify((await request(t.app).get(`/v1/handovers/${doc.handoverId}`).set(as(w.aarhus.token)).expect(200)).body.document.persons[2]);
    expect(await fetched()).toContain(medicine);

    // As a consent change is recorded: its note in the journal first, then the change itself,
    // which here lands after the rebuild has read its facts.
    const id = new mongoose.Types.ObjectId();
    const at = new Date();
    await noteReadChange(models, doc.handoverId, `c${id.toHexString()}`, at);
    const recipients = t.deps.recipientDeps.recipients as unknown as HandoverReadStore;
    const deps = { handovers: t.deps.handovers, recipients, funnel: t.deps.funnelDeps.funnel } as never;
    await recipients.rebuild(
      doc.handoverId,
      async () => {
        const facts = await readModelFacts(deps, doc.handoverId);
        await ConsentChange.create({ _id: id, handoverId: doc.handoverId, personRef: 'S3', audience: 'coordinating-department', scope: 'health', action: 'withdrawn', effectiveAt: at, recordedAt: at, recordedBy: 'aarhus', obtainedHow: 'Forældrene trak samtykket tilbage', buckets: [] });
        return facts;
      },
      new Date(),
      new Date(Date.now() - 600_000),
    );
    const fetchedAfter = await fetched();
    expect(fetchedAfter).not.toContain(medicine);
    expect(fetchedAfter).toContain('consent-missing');
  });
});
