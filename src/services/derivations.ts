/**
 * What others derive from a stored version or a recipient's event, derived behind the request
 * (issue 33.3). A submission answers 201 once its version is durably written, with a note of what
 * is still to be derived from it among the same writes (derivation.repository.ts); a read, a GP's
 * event, a record handed on and a change the figures count each write one note. This worker derives
 * the notes (the funnel's facts and counters, the figures' counters, the deadline list's index, the municipality's notification) oldest first, one at a time, and deletes a
 * note only after all of it is written: the note is the unit of retry, so a crash part-way
 * derives it again, and every write names its note, so doing it again counts and notifies once
 * (funnel.repository.ts, notifications by an id made of the event); a version's retention filing
 * is a replace by the handover's id, the same however often it is done.
 *
 * One instance derives at a time, by a lease (as the audit sequencer integrates): FerretDB does not
 * apply concurrent updates of one document whole, and the counters are updated in place. A reader
 * of a derived view (GET /v1/funnel, a subscriber's deliveries, the retention schedule) first settles: derives what is
 * pending, or waits for the instance holding the lease to, which costs one small query when
 * nothing is pending; so a 201 or a read is never followed by a view that does not show it.
 */
import type { Logger } from '../logger.js';
import type { FunnelDerivation, FunnelRecorder } from './funnel-events.js';
import { enqueueHandoverEvent, type NotificationDeps } from './notifications.js';
import type { DerivationNote, DerivationNotes } from './ports/derivations.js';
import type { Handovers } from './ports/handovers.js';
import type { Lease } from './ports/lease.js';
import type { Transfers } from './ports/recipients.js';

/** What derives one note, all reading the store through one memo (reads-once.ts). */
export interface NoteDerivations {
  funnel: FunnelDerivation;
  handovers: Pick<Handovers, 'findVersionMeta' | 'fileDeadlines'>;
  recipients: Pick<Transfers, 'transfer'>;
  /** Refreshes the handover's share of the figures' counters (figure-facts.ts). */
  figures: { refresh(handoverId: string): Promise<void> };
  /** Files (or refiles) the handover under the day it falls due by its retention rule, as stored now (services/retention.ts). */
  fileRetention: (handoverId: string) => Promise<void>;
}

export interface DerivationDeps {
  derivations: DerivationNotes;
  /** The derivations for one note: made per note, so what they read of the handover is read once between them and never kept longer. */
  forNote: () => NoteDerivations;
  notifications: NotificationDeps;
  /** One instance derives at a time (storage/audit-lease.ts, under its own name). */
  lease: Lease;
  clock: () => Date;
  logger: Logger;
  /** How often the worker looks for notes besides being woken by a request that wrote one. */
  periodMs: number;
  /** A version note whose version is still not stored after this long stands for a submission that failed: dropped. */
  abandonedAfterMs: number;
  /** How long a reader waits for another instance holding the lease to derive what is pending. */
  settleTimeoutMs: number;
  /** The handovers' read models (handover-read-model.ts): rebuilt after their notes are derived, or their journal noted a change. */
  readModels?: { changed(): Promise<string[]>; rebuild(handoverIds: Iterable<string>): Promise<void> };
}

export interface Deriver {
  /** One pass over the pending notes if this instance holds the lease; how many it derived. */
  pass(): Promise<{ held: boolean; derived: number }>;
  /** Until nothing derivable is pending (derived here, or by the holder): what a reader of a derived view calls first. */
  settle(kinds?: ReadonlySet<DerivationNote['kind']>): Promise<void>;
  /** A note was written: derive it soon (without waiting for the period). */
  wake(): void;
  start(): void;
  /** Stops the timer, lets a pass in flight finish and lets the lease go (what is left, the next holder derives). */
  stop(): Promise<void>;
}

/** The notes after which a handover's share of the figures may differ: a version stored, or a change the figures count (noteFigures). */
const FIGURE_KINDS: ReadonlySet<DerivationNote['kind']> = new Set(['version', 'figures']);

/** Handovers whose notes a pass derives side by side: round trips overlap, the requests keep most of the database. */
const HANDOVERS_AT_ONCE = 8;

export function deriver(d: DerivationDeps): Deriver {
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let woken = false;
  let stopped = false;

  /** Passes of this process one after another. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  /**
   * Whether the note is derived (false: a version not stored yet, left for a later pass).
   * `refreshFigures`: the last of the handover's notes in this pass that the figures count refreshes
   * its share (read from what is stored, it covers the notes before it, deleted already).
   */
  async function derive(note: DerivationNote, refreshFigures: boolean, touched: Set<string>): Promise<boolean> {
    const w = d.forNote();
    // What a fetch shows may follow from it (a GP's event changes nothing it shows; version 1's model is stored with it).
    if (note.kind !== 'gp' && !(note.kind === 'version' && note.version === 1)) touched.add(note.handoverId);
    switch (note.kind) {
      case 'version': {
        const meta = await w.handovers.findVersionMeta(note.handoverId, note.version);
        if (!meta) {
          // Noted before its version: still being stored, or the submission failed (then dropped once old).
          // The share still reflects the notes before this one, deleted already.
          if (refreshFigures) await w.figures.refresh(note.handoverId);
          if (d.clock().getTime() - note.at.getTime() > d.abandonedAfterMs) await d.derivations.done(note.id);
          return false;
        }
        // Its end of life first: the retention job settles before it reads the schedule (deps.ts).
        await w.fileRetention(note.handoverId);
        // Its deadlines in the municipality's list (storage/deadline-index.ts), under its feed entry; the list settles before it reads.
        // Not once soft-deleted under its retention rule: its deadlines were removed then, and a note derived late must not bring them back.
        if (meta.feedSeq !== undefined && meta.feedSummary && !meta.retiredAt) await w.handovers.fileDeadlines({ handoverId: note.handoverId, version: note.version, municipalityCode: meta.municipalityCode, summary: meta.feedSummary }, meta.feedSeq);
        await w.funnel.versionStored(note.handoverId, note.id);
        await enqueueHandoverEvent(d.notifications, { event: 'version-received', handoverId: note.handoverId, version: note.version, municipalityCode: meta.municipalityCode, expectedArrivalDate: meta.expectedArrivalDate });
        break;
      }
      case 'retrieval':
        await w.funnel.retrieved(note.handoverId, note.municipalityCode, note.personRefs, note.at, note.id);
        break;
      case 'gp':
        await w.funnel.gp(note.event, note.handoverId, note.personRefs[0], note.municipalityCode, note.at, note.id);
        break;
      case 'transfer': {
        const transfer = await w.recipients.transfer(note.transferId);
        if (transfer) await w.funnel.handedOn(transfer, note.id);
        break;
      }
      case 'figures':
        break;
    }
    if (refreshFigures) await w.figures.refresh(note.handoverId);
    await d.derivations.done(note.id);
    return true;
  }

  const pass = () =>
    serial(async () => {
      if (!(await d.lease.acquire())) return { held: false, derived: 0 };
      let derived = 0;
      const touched = new Set(d.readModels ? await d.readModels.changed() : []);
      // A handover's notes oldest first, one at a time (a read after its version, a record handed on
      // after the reads before it); different handovers' side by side (their counter updates still
      // one after another: funnel.repository.ts).
      const byHandover = new Map<string, DerivationNote[]>();
      for (const note of await d.derivations.pending()) byHandover.set(note.handoverId, [...(byHandover.get(note.handoverId) ?? []), note]);
      const groups = [...byHandover.values()];
      const deriveInOrder = async (notes: readonly DerivationNote[]) => {
        const lastForFigures = notes.findLastIndex((n) => FIGURE_KINDS.has(n.kind));
        for (const [i, note] of notes.entries()) {
          try {
            if (await derive(note, i === lastForFigures, touched)) derived++;
          } catch (err) {
            // Left for the next pass; the notes after it go on (a read or a GP's event anchors its persons itself: funnel-events.ts).
            d.logger.warn({ note: note.id, error: { type: (err as Error).name, message: (err as Error).message } }, 'derivation failed; the next pass derives it again');
          }
        }
      };
      for (let i = 0; i < groups.length; i += HANDOVERS_AT_ONCE) await Promise.all(groups.slice(i, i + HANDOVERS_AT_ONCE).map(deriveInOrder));
      // Until rebuilt, a fetch reads the stored records (a model not rebuilt yet is never shown as current).
      await d.readModels?.rebuild(touched).catch((err: unknown) => d.logger.warn({ error: { type: (err as Error).name, message: (err as Error).message } }, 'read model rebuild failed; the next pass rebuilds it'));
      return { held: true, derived };
    });

  let ticking: Promise<void> | undefined;
  let again = false;
  /** Passes while there is work; a tick asked for while one runs is one more pass after it, not a pile of them. */
  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      try {
        do {
          again = false;
          while ((await pass()).derived > 0 && !stopped);
        } while (again && !stopped);
      } catch {
        // The database away: the next tick tries again.
      } finally {
        ticking = undefined;
      }
    })();
    return ticking;
  }

  return {
    pass,
    async settle(kinds) {
      // A view that only some kinds of note change (the deadline list: versions) waits for those alone.
      const relevant = (notes: DerivationNote[]) => (kinds ? notes.filter((n) => kinds.has(n.kind)) : notes);
      // Nothing noted and not yet derived (a report's usual case): nothing to wait for, and none of
      // the lease's round trips (a note being derived stays pending until it is done).
      if (relevant(await d.derivations.pending()).length === 0) {
        if (!kinds) while (ticking) await ticking;
        return;
      }
      const deadline = Date.now() + d.settleTimeoutMs;
      for (;;) {
        const { held, derived } = await pass();
        if (held && derived === 0) {
          // A tick under way finishes its last (empty) pass too: nothing of the worker runs after a settle until new notes come.
          while (ticking) await ticking;
          return;
        }
        if (held && kinds && relevant(await d.derivations.pending()).length === 0) return;
        if (held) continue;
        // Another instance holds the lease: wait until what it must derive is gone (versions still being stored do not count).
        const waiting = relevant(await d.derivations.pending()).filter((n) => n.kind !== 'version' || d.clock().getTime() - n.at.getTime() < d.abandonedAfterMs);
        if (waiting.length === 0 || Date.now() > deadline) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    wake() {
      if (stopped || woken) return;
      woken = true;
      setImmediate(() => {
        woken = false;
        void tick();
      });
    },
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void tick(), d.periodMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await queue;
      await d.lease.release().catch(() => undefined);
    },
  };
}

/**
 * The funnel as the request path records into it: one note per event (one insert by _id),
 * derived by the worker behind the answer.
 */
export function deferredFunnel(derivations: Pick<DerivationNotes, 'noteRetrieval' | 'noteGp' | 'noteTransfer'>): FunnelRecorder {
  return {
    // Not woken: reads come in runs, and the worker's next period derives a run's notes in one pass.
    retrieved: (handoverId, municipalityCode, personRefs, at) => derivations.noteRetrieval(handoverId, municipalityCode, personRefs, at),
    gp: (event, handoverId, personRef, municipalityCode, at) => derivations.noteGp(event, handoverId, personRef, municipalityCode, at),
    handedOn: (transfer) => derivations.noteTransfer(transfer.handoverId, transfer.transferId, transfer.transferredAt),
  };
}
