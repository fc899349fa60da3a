/**
 * Keeping the funnel's counters as events happen (domain/funnel.ts says what is counted). Each
 * event writes facts "person P of handover H reached stage S at municipality M" once by _id, and
 * only a fact's first insert counts: a retried submission, a second read or a concurrent instance
 * changes nothing. A person is counted for the municipality holding them: a version re-addressed
 * to another municipality takes the first one's facts back and gives the persons to the new
 * holder; a record handed on (transfer) does the same for its persons. The month is the one the
 * holder received the person in, so a person's stages fall in one month's funnel.
 */
import { arrivalOf, cohortsOf, counterField, monthOf, retrievalStages, type FunnelEvent, type FunnelStage } from '../domain/funnel.js';
import type { Handover } from '../domain/handover-types.js';
import type { RecordTransfer } from '../domain/record-transfer.js';
import type { FunnelFact, FunnelFacts } from './ports/figures.js';
import type { Handovers } from './ports/handovers.js';
import type { Transfers, VersionStates } from './ports/recipients.js';

export interface FunnelEventDeps {
  handovers: Pick<Handovers, 'findVersion' | 'findVersionMeta' | 'listVersions'>;
  recipients: VersionStates & Pick<Transfers, 'transfersOf'>;
  funnel: FunnelFacts;
}

/**
 * What the use cases record when something happens; each call may be repeated safely. The
 * request path records a note of it (derivations.ts, deferredFunnel); the worker derives it.
 */
export interface FunnelRecorder {
  /** A municipality read a version (or a transferred record) naming these persons. */
  retrieved(handoverId: string, municipalityCode: string, personRefs: readonly string[], at: Date): Promise<void>;
  /** A GP was assigned, read the summary, or returned a result for a person held by the municipality. */
  gp(event: Exclude<FunnelEvent, 'retrieved'>, handoverId: string, personRef: string, municipalityCode: string, at: Date): Promise<void>;
  /** A record was handed on: its persons move to the new municipality. */
  handedOn(transfer: RecordTransfer): Promise<void>;
}

/**
 * What the derivation worker does for each note (derivations.ts), one note at a time by one
 * writer: `note` names the derivation, so one repeated after a crash counts what it counted once.
 */
export interface FunnelDerivation {
  /** A version was stored (or a retry of it answered): its holder holds its persons. */
  versionStored(handoverId: string, note: string): Promise<void>;
  /** A municipality read a version (or a transferred record) naming these persons. */
  retrieved(handoverId: string, municipalityCode: string, personRefs: readonly string[], at: Date, note: string): Promise<void>;
  /** A GP was assigned, read the summary, or returned a result for a person held by the municipality. */
  gp(event: Exclude<FunnelEvent, 'retrieved'>, handoverId: string, personRef: string, municipalityCode: string, at: Date, note: string): Promise<void>;
  /** A record was handed on: its persons move to the new municipality. */
  handedOn(transfer: RecordTransfer, note: string): Promise<void>;
}

const factId = (handoverId: string, personRef: string, municipalityCode: string, stage: string) => `${handoverId}|${personRef}|${municipalityCode}|${stage}`;

/** A person's anchor: reached "handed over" at a municipality, in every cohort the version records. */
function anchorOf(o: { handoverId: string; personRef: string; municipalityCode: string; senderOrganisationId: string; month: string; via: FunnelFact['via']; cohorts: string[]; arrivalOn?: string; at: Date }): FunnelFact {
  return { id: factId(o.handoverId, o.personRef, o.municipalityCode, 'handedOver'), stage: 'handedOver', counted: o.cohorts.map((c) => counterField(c as never, 'handedOver')), ...o };
}

export function funnelDerivation(d: FunnelEventDeps): FunnelDerivation {
  /** A version was stored (or a retry answered): its holder holds its persons, each anchored once; an earlier holder's counts go back. */
  async function versionStored(handoverId: string, note: string): Promise<void> {
    const state = await d.recipients.versionState(handoverId);
    if (state?.currentVersion === undefined) return;
    const [record, versions, transfers, facts] = await Promise.all([d.handovers.findVersion(handoverId, state.currentVersion), d.handovers.listVersions(handoverId), d.recipients.transfersOf(handoverId), d.funnel.factsOf(handoverId)]);
    if (!record) return;
    const holder = record.municipalityCode;
    // Re-addressed away: the earlier holder's counts go back (each fact once).
    // (With what this note marked to take back before a crash stopped it.)
    await d.funnel.retract([...(await d.funnel.retracting(handoverId, note)), ...facts.filter((f) => f.via === 'holder' && f.municipalityCode !== holder)], note);
    // Received by the holder when its first version to the holder was.
    const first = Math.min(...versions.filter((v) => v.municipalityCode === holder).map((v) => v.version));
    const receivedAt = first === record.version ? record.receivedAt : ((await d.handovers.findVersionMeta(handoverId, first))?.receivedAt ?? record.receivedAt);
    const doc = record.payload as unknown as Handover;
    const handedOn = new Set(transfers.filter((t) => t.fromMunicipalityCode === holder).flatMap((t) => t.personRefs));
    // An anchor this very note inserted before a crash is inserted again, so it is counted (once).
    const anchors = new Map(facts.filter((f) => f.stage === 'handedOver' && f.municipalityCode === holder && f.via === 'holder' && f.note !== note).map((f) => [f.personRef, f]));
    const fresh: FunnelFact[] = [];
    const joined: FunnelFact[] = [];
    for (const person of doc.persons) {
      if (handedOn.has(person.personRef)) continue;
      const cohorts = cohortsOf(person);
      const anchor = anchors.get(person.personRef);
      if (!anchor) {
        const arrivalOn = arrivalOf(doc);
        fresh.push(anchorOf({ handoverId, personRef: person.personRef, municipalityCode: holder, senderOrganisationId: record.senderOrganisationId, month: monthOf(receivedAt), via: 'holder', cohorts, ...(arrivalOn ? { arrivalOn } : {}), at: record.receivedAt }));
        continue;
      }
      // A later version recorded a finding the earlier did not: the person joins that cohort's "handed over" (once).
      for (const c of cohorts.filter((c) => !anchor.cohorts.includes(c))) {
        joined.push({ ...anchor, id: factId(handoverId, person.personRef, holder, `joined:${c}`), stage: `joined:${c}`, cohorts: [c], counted: [counterField(c, 'handedOver')], at: record.receivedAt });
      }
    }
    await d.funnel.reach([...fresh, ...joined], note);
    for (const j of joined) await d.funnel.addCohorts(factId(handoverId, j.personRef, holder, 'handedOver'), j.cohorts);
  }

  /**
   * A later stage for the persons anchored at the municipality: counted in the cohorts their
   * anchors hold now. A person not anchored yet is anchored first (the version's own derivation
   * may not have run yet: derivations.ts); a stage reached already is not written again.
   */
  async function advance(handoverId: string, municipalityCode: string, personRefs: readonly string[], event: FunnelEvent, stagesOf: (anchor: FunnelFact) => FunnelStage[], at: Date, note: string) {
    const anchorsIn = (facts: readonly FunnelFact[]) => facts.filter((f) => f.stage === 'handedOver' && f.municipalityCode === municipalityCode && personRefs.includes(f.personRef));
    let facts = await d.funnel.factsOf(handoverId);
    if (anchorsIn(facts).length < new Set(personRefs).size) {
      await versionStored(handoverId, note);
      facts = await d.funnel.factsOf(handoverId);
    }
    // Reached before, by another note (a fact this note inserted before a crash is its own to count again).
    const reached = new Set(facts.filter((f) => f.note !== note).map((f) => f.id));
    await d.funnel.reach(
      anchorsIn(facts)
        .filter((a) => !reached.has(factId(handoverId, a.personRef, municipalityCode, event)))
        .map((a) => {
          const stages = stagesOf(a);
          return { ...a, id: factId(handoverId, a.personRef, municipalityCode, event), stage: event, counted: a.cohorts.flatMap((c) => stages.map((s) => counterField(c as never, s))), at };
        }),
      note,
    );
  }

  return {
    versionStored,

    async retrieved(handoverId, municipalityCode, personRefs, at, note) {
      await advance(handoverId, municipalityCode, personRefs, 'retrieved', (a) => retrievalStages(at, a.arrivalOn), at, note);
    },

    async gp(event, handoverId, personRef, municipalityCode, at, note) {
      await advance(handoverId, municipalityCode, [personRef], event, () => [event], at, note);
    },

    async handedOn(t, note) {
      const [facts, state] = await Promise.all([d.funnel.factsOf(t.handoverId), d.recipients.versionState(t.handoverId)]);
      await d.funnel.retract([...(await d.funnel.retracting(t.handoverId, note)), ...facts.filter((f) => f.municipalityCode === t.fromMunicipalityCode && t.personRefs.includes(f.personRef))], note);
      const record = state?.currentVersion === undefined ? undefined : await d.handovers.findVersion(t.handoverId, state.currentVersion);
      if (!record) return;
      const doc = record.payload as unknown as Handover;
      const arrivalOn = arrivalOf(doc);
      await d.funnel.reach(
        doc.persons
          .filter((p) => t.personRefs.includes(p.personRef))
          .map((p) => anchorOf({ handoverId: t.handoverId, personRef: p.personRef, municipalityCode: t.toMunicipalityCode, senderOrganisationId: record.senderOrganisationId, month: monthOf(t.transferredAt), via: 'transfer', cohorts: cohortsOf(p), ...(arrivalOn ? { arrivalOn } : {}), at: t.transferredAt })),
        note,
      );
    },
  };
}
