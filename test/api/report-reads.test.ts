/**
 * A report with nothing left to derive reads its counters and writes its audit event, nothing
 * else: it no longer takes the derivation worker's lease first (four round trips to the lease's
 * terms, each 43 ms when PostgreSQL compiled the scan: docs/operations.md, jit=off). With notes
 * pending it still derives them first, so it shows every 201 and read before it. Counted with the
 * driver's command monitoring on the real database; what the reports show is checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { family, submit, withoutAttachments } from '../helpers/handovers.js';
import { startQuietMonitoredWorld } from '../helpers/command-monitor.js';
import type { TestApp } from '../helpers/test-app.js';
import type { World } from '../helpers/world.js';

let t: TestApp;
let w: World;
/** The commands of one report after the credential's, in the order sent, and the answer. */
let reportAs: Awaited<ReturnType<typeof startQuietMonitoredWorld>>['get'];
beforeAll(async () => {
  // No background job runs while a request's commands are recorded: the report derives what is pending itself.
  ({ t, w, get: reportAs } = await startQuietMonitoredWorld());
});
afterAll(() => t.close());

describe('a report with nothing to derive', () => {
  it('derives what is pending first, then reads only its counters and writes its audit event', async () => {
    await submit(t, w.drk, withoutAttachments(family('751')));
    // A version noted and not derived: the first report derives it (taking the lease) and counts it.
    const first = await reportAs(w.aarhus, '/v1/funnel');
    expect(first.commands.some((c) => c.endsWith(' audit_lease'))).toBe(true);
    expect(first.body.groups.length).toBeGreaterThan(0);
    // Nothing pending now: the same report, without the lease.
    const again = await reportAs(w.aarhus, '/v1/funnel');
    expect(again.commands.sort()).toEqual(['find derivations', 'find funnel_counters', 'insert audit_pending']);
    expect(again.body.groups).toEqual(first.body.groups);
    const figures = await reportAs(w.aarhus, '/v1/figures');
    expect(figures.commands.filter((c) => !c.endsWith(' figure_counters')).sort()).toEqual(['find derivations', 'insert audit_pending']);
  });
});
