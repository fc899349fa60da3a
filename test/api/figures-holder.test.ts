/**
 * Figures count for the municipality holding a handover (issue 28.4): handovers re-addressed from
 * Aarhus to Randers are Randers's, with Randers's retrieval and acknowledgement timed from the
 * version it received; Aarhus's figures and the auditor's show none of them for Aarhus. The CSV
 * has one fixed set of columns for every caller (issue 28.16).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_COLUMNS } from '../../src/domain/figures.js';
import { as, auditorOf, readdressedVersion, singleAdult, submit, type Doc } from '../helpers/handovers.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-10-01T08:00:00Z');
let now = T0;
let t: TestApp;
let w: World;
let auditor: string;
const period = 'from=2026-09-01&to=2026-12-31';

beforeAll(async () => {
  t = await startTestApp({ HANDOVER_FEED_SETTLE_MS: '0' }, { clock: () => new Date(now) });
  w = await setupWorld(t);
  auditor = await auditorOf(t, w.admin);
  // Five single adults sent to Aarhus, each read by Aarhus an hour later; a day later re-addressed
  // to Randers, which reads each 2 hours and acknowledges it 3 hours after it got it.
  for (let i = 0; i < 5; i++) {
    now = T0 + i * 48 * HOUR;
    const v1 = singleAdult('751');
    await submit(t, w.drk, v1);
    now += HOUR;
    await request(t.app).get(`/v1/handovers/${v1.handoverId}`).set(as(w.aarhus.token)).expect(200);
    now += 23 * HOUR;
    await submit(t, w.drk, readdressedVersion(v1, '730', '2026-09-30'));
    now += 2 * HOUR;
    await request(t.app).get(`/v1/handovers/${v1.handoverId}`).set(as(w.randers.token)).expect(200);
    now += HOUR;
    await request(t.app).post(`/v1/handovers/${v1.handoverId}/acknowledgements`).set(as(w.randers.token)).send({}).expect(201);
  }
  now = T0 + 20 * 24 * HOUR;
});
afterAll(() => t.close());

const figures = (token: string, query = period) => request(t.app).get(`/v1/figures?${query}`).set(as(token));

describe('figures after re-addressing', () => {
  it('counts the handovers, their retrieval and acknowledgement for the municipality holding them, timed from the version it received', async () => {
    const randers = (await figures(w.randers.token).expect(200)).body.groups;
    expect(randers.map((g: Doc) => `${g.scope}:${g.id}`)).toEqual(['municipality:730', 'sender:drk-asylum']);
    expect(randers[0]).toMatchObject({
      handoversReceived: 5,
      persons: 5,
      firstRetrieval: { count: 5, medianHours: 2, p90Hours: 2, notYetRetrieved: 0 },
      acknowledgement: { count: 5, medianHours: 3, p90Hours: 3, refused: 0, notYetAcknowledged: 0 },
    });
    // Aarhus lost them: none is its own any more, and the auditor sees them under Randers only.
    expect((await figures(w.aarhus.token).expect(200)).body.groups).toEqual([]);
    const everyone = (await figures(auditor).expect(200)).body.groups;
    expect(everyone.map((g: Doc) => `${g.scope}:${g.id}:${g.handoversReceived}`)).toEqual(['municipality:730:5', 'sender:drk-asylum:5']);
    const sender = (await figures(w.drk.token).expect(200)).body.groups;
    expect(sender.map((g: Doc) => `${g.scope}:${g.id}:${g.handoversReceived}`)).toEqual(['sender:drk-asylum:5', 'municipality:730:5']);
  });

  it('answers CSV with the same fixed columns for every caller, whatever their figures hold', async () => {
    expect(FIGURE_COLUMNS.filter((c) => c.startsWith('mentalHealthNotAssessed:'))).toEqual([
      'mentalHealthNotAssessed:no-time',
      'mentalHealthNotAssessed:no-interpreter',
      'mentalHealthNotAssessed:no-records',
      'mentalHealthNotAssessed:not-senders-remit',
      'mentalHealthNotAssessed:not-in-protocol',
      'mentalHealthNotAssessed:person-unavailable',
      'mentalHealthNotAssessed:awaiting-examination',
      'mentalHealthNotAssessed:records-unreliable',
      'mentalHealthNotAssessed:other',
      'mentalHealthNotAssessed:unknown',
    ]);
    for (const token of [w.randers.token, w.aarhus.token, w.drk.token, auditor]) {
      const res = await figures(token, `${period}&format=csv`).expect(200);
      const [header, ...rows] = res.text.trim().split('\n');
      expect(header!.split(',')).toEqual(FIGURE_COLUMNS);
      for (const row of rows) expect(row.split(',')).toHaveLength(FIGURE_COLUMNS.length);
    }
    const json = (await figures(w.randers.token).expect(200)).body.groups[0];
    expect(Object.keys(json.mentalHealth.notAssessedByReason)).toEqual(['no-time', 'no-interpreter', 'no-records', 'not-senders-remit', 'not-in-protocol', 'person-unavailable', 'awaiting-examination', 'records-unreliable', 'other', 'unknown']);
  });
});
