/**
 * Deriving one note reads what is stored of its handover once (services/reads-once.ts): a version
 * note's retention filing, funnel facts and figures share each asked for the handover's versions,
 * withdrawals and document, eight reads of its versions, three of its withdrawals and two of its
 * signed bytes, the largest share of the database commands a submission costs in all. Counted with
 * the driver's command monitoring on the real database, with what the note derives checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsOnce } from '../../src/services/reads-once.js';
import { singleAdult, submit } from '../helpers/handovers.js';
import { startMonitoredApp } from '../helpers/command-monitor.js';
import type { TestApp } from '../helpers/test-app.js';
import { setupWorld, type World } from '../helpers/world.js';

let t: TestApp;
let w: World;
let recording: string[] | undefined;
const noteFilters: unknown[] = [];
beforeAll(async () => {
  t = await startMonitoredApp({ HANDOVER_FEED_SETTLE_MS: '0' }, (c) => recording?.push(c));
  t.deps.db.connection.getClient().on('commandStarted', (e) => {
    if (recording && e.commandName === 'find' && e.command.find === 'derivations') noteFilters.push(e.command.filter);
  });
  w = await setupWorld(t);
});
afterAll(() => t.close());

describe('deriving a version note', () => {
  it('reads the handover’s versions, withdrawals and signed bytes once each per query, and derives all of it', async () => {
    // One derived before: the funnel's counter names the note that last updated it, which the next asks after.
    await submit(t, w.drk, singleAdult('751'));
    await t.deps.derivations.settle();
    const doc = singleAdult('751');
    await submit(t, w.drk, doc);
    recording = [];
    await t.deps.derivations.settle();
    const commands = recording;
    recording = undefined;
    // The pending notes are never read by a filter FerretDB 1.24 does not push down to PostgreSQL
    // ($in: a scan of every pending note, the whole backlog under load), only by _id or all at once.
    expect(noteFilters.filter((f) => JSON.stringify(f).includes('$in'))).toEqual([]);
    expect(noteFilters.length).toBeGreaterThan(0);
    const count = (command: string) => commands.filter((c) => c === command).length;
    // listVersions, versionState's versions, the version's meta by _id and the document's meta: before, 8.
    expect(count('find handover_versions')).toBeLessThanOrEqual(4);
    // withdrawnVersions and versionState's: before, 3.
    expect(count('find withdrawals')).toBeLessThanOrEqual(2);
    expect(count('find handover_contents')).toBe(1);
    // All of it derived: the funnel's fact, the figures' share, the retention filing, the note gone.
    const db = t.deps.db.connection.db!;
    expect(await db.collection('funnel_facts').countDocuments({ handoverId: doc.handoverId })).toBe(1);
    expect(await db.collection('figure_facts').countDocuments({ _id: doc.handoverId as never })).toBe(1);
    expect(await db.collection('retention_schedule').countDocuments({ _id: doc.handoverId as never })).toBe(1);
    expect(await db.collection('derivations').countDocuments({ handoverId: doc.handoverId })).toBe(0);
  });
});

describe('readsOnce', () => {
  it('makes a named read once per arguments, keeps no failed read, and passes everything else through', async () => {
    let reads = 0;
    let fail = true;
    const store = {
      prefix: 'v',
      async version(id: string, n: number) {
        reads++;
        if (fail) throw new Error('away');
        return `${this.prefix}${id}:${n}`;
      },
      async write(id: string) {
        return `${this.prefix}wrote ${id}`;
      },
    };
    const once = readsOnce(store, ['version']);
    await expect(once.version('a', 1)).rejects.toThrow('away');
    fail = false;
    expect(await Promise.all([once.version('a', 1), once.version('a', 1), once.version('a', 2)])).toEqual(['va:1', 'va:1', 'va:2']);
    expect(reads).toBe(3);
    expect(await once.write('a')).toBe('vwrote a');
    expect(once.prefix).toBe('v');
  });
});
