/** What recipients do with handovers: the feed, retrievals, acknowledgements, consent changes, GP assignments and results, records handed on. */
import type { ConsentChange } from '../domain/consent.js';
import { formatIsoDate } from '../domain/dates.js';
import type { RecordTransfer } from '../domain/record-transfer.js';
import type { IssuedReceipt, VerificationFacts } from '../domain/handover-record.js';
import type { FeedSummary } from '../domain/recipient-views.js';
import { BUCKET_SIZE } from './dense-sequence.js';
import { feedBucketOf, type FeedEntryRecord, type FeedLog } from './feed-log.js';
import { isDuplicateKey, type Models } from './models.js';

/** An entry of a municipality's feed, as a page shows it. */
export interface FeedEntry {
  kind: 'version' | 'withdrawal';
  seq: number;
  handoverId: string;
  version: number;
  /** For a version entry: what the feed shows of it, kept in the entry. */
  facts?: FeedVersionFacts;
  /** The handover was deleted under its retention rule: no facts. */
  retired?: boolean;
}

/** A version's facts the feed shows, kept in its entry (no signed document needed). */
export interface FeedVersionFacts {
  handoverId: string;
  version: number;
  receivedAt: Date;
  senderOrganisationId: string;
  completenessScore: number;
  expectedArrivalDate: string;
  urgentFlagCount: number;
  feedSummary: FeedSummary;
}

export interface FeedQuery {
  municipalityCode: string;
  /** The last entry the reader has seen (0 for the start). */
  afterSeq: number;
  /** An uncommitted entry stored before this is an orphan (its writer gave up or crashed); a younger one may still be written. */
  settledBefore: Date;
  limit: number;
}

/** What happened later to the versions of a page: found by the feed buckets of their entries. */
export interface FeedPageFacts {
  superseded: Set<string>;
  withdrawn: Set<string>;
  acknowledged: Map<string, Date>;
  consentChanges: Map<string, ConsentChange[]>;
}

/** How a municipality answers a version, in the spirit of MedCom's acknowledgement codes. */
export type AcknowledgementOutcome = 'ok' | 'error' | 'fatal';

export interface AcknowledgementRecord {
  handoverId: string;
  version: number;
  municipalityCode: string;
  organisationId: string;
  credentialId: string;
  /** The person who acknowledged, when they signed in through their organisation's identity provider. */
  personId?: string;
  personName?: string;
  caseworker?: string;
  note?: string;
  /** ok: usable as it is; error: the sender can fix it (a new version); fatal: cannot be used (e.g. misaddressed). Absent on acknowledgements stored before outcomes existed: ok. */
  outcome?: AcknowledgementOutcome;
  /** Why, for error and fatal. */
  reason?: string;
  /** The sections concerned (JSON Pointers into the document). */
  pointers?: string[];
  at: Date;
  receipt: IssuedReceipt;
  /** The feed entry number of the acknowledged version (its facts are found by that entry's bucket). */
  versionFeedSeq: number;
}

export interface GpAssignment {
  handoverId: string;
  personRef: string;
  gpOrganisationId: string;
  municipalityCode: string;
  assignedAt: Date;
  assignedBy: string;
}

export interface ChildRoutingRecord {
  handoverId: string;
  personRef: string;
  unitOrganisationId: string;
  audience: string;
  municipalityCode: string;
  routedAt: Date;
  routedBy: string;
}

export interface AssessmentResultRecord {
  resultId: string;
  handoverId: string;
  personRef: string;
  gpOrganisationId: string;
  receivedAt: Date;
  jws: Buffer;
  jwsSha256: string;
  verification: VerificationFacts;
  payload: Record<string, unknown>;
  receipt: IssuedReceipt;
}

function toFeedEntry(e: FeedEntryRecord): FeedEntry {
  return {
    kind: e.kind === 'v' ? 'version' : 'withdrawal',
    seq: e.seq,
    handoverId: e.handoverId,
    version: e.version,
    ...(e.retired
      ? { retired: true }
      : e.kind === 'v'
      ? {
          facts: {
            handoverId: e.handoverId,
            version: e.version,
            receivedAt: e.receivedAt!,
            senderOrganisationId: e.senderOrganisationId!,
            completenessScore: e.completenessScore!,
            expectedArrivalDate: e.expectedArrivalDate!,
            urgentFlagCount: e.urgentFlagCount!,
            feedSummary: e.feedSummary!,
          },
        }
      : {}),
  };
}

const stripId = <T extends { _id?: unknown }>(d: T) => {
  const { _id, ...rest } = d;
  return rest;
};

export function recipientRepository(models: Models, feed: FeedLog) {
  const { HandoverVersion, Withdrawal, SupersededMarker, Retrieval, Acknowledgement, ConsentChange: Consent, GpAssignment: Assignment, AssessmentResult, ChildRouting, RecordTransfer: Transfer } = models;
  const toTransfer = (d: RecordTransfer & { _id: string; toMonth?: string }): RecordTransfer => {
    const { _id, toMonth: _m, ...rest } = d;
    return { ...rest, transferId: _id };
  };

  return {
    /**
     * One page of a municipality's feed after `afterSeq`: committed entries in order, orphans
     * passed over, and the page cut before an entry whose version may still be being written.
     * Read bucket by bucket; a bucket found complete and settled is sealed on the way, so the
     * next reader gets it as one document. `scannedTo` is where the next page starts.
     */
    async feedPage(q: FeedQuery): Promise<{ entries: FeedEntry[]; scannedTo: number }> {
      const entries: FeedEntry[] = [];
      let scannedTo = q.afterSeq;
      for (let bucket = Math.floor((q.afterSeq + 1) / BUCKET_SIZE); ; bucket++) {
        const { written, settledTo, last } = await feed.settle(q.municipalityCode, bucket, q.settledBefore);
        for (const e of written) {
          if (e.seq <= scannedTo) continue;
          if (entries.length >= q.limit) return { entries, scannedTo };
          entries.push(toFeedEntry(e));
          scannedTo = e.seq;
        }
        // Orphans after the last shown entry are passed over too.
        scannedTo = Math.max(scannedTo, settledTo);
        if (settledTo < last || entries.length >= q.limit) return { entries, scannedTo };
      }
    },
    /**
     * The written feed entries with these numbers, up to where the feed has settled (read by their
     * buckets: a sealed bucket is one document). A number missing from the answer is an orphan or
     * not settled yet.
     */
    async feedEntriesAt(municipalityCode: string, seqs: readonly number[], settledBefore: Date): Promise<Map<number, FeedEntry>> {
      const wanted = new Set(seqs);
      const out = new Map<number, FeedEntry>();
      await Promise.all(
        [...new Set(seqs.map((n) => Math.floor(n / BUCKET_SIZE)))].map(async (bucket) => {
          const { written } = await feed.settle(municipalityCode, bucket, settledBefore);
          for (const e of written) if (wanted.has(e.seq)) out.set(e.seq, toFeedEntry(e));
        }),
      );
      return out;
    },
    /**
     * Later facts about the versions behind these feed entries of one municipality, read by the
     * buckets of the entries (a fixed number of equality queries per bucket, not per entry).
     */
    async feedPageFacts(municipalityCode: string, versionEntrySeqs: readonly number[]): Promise<FeedPageFacts> {
      const buckets = [...new Set(versionEntrySeqs.map((n) => feedBucketOf(municipalityCode, n)))];
      const facts: FeedPageFacts = { superseded: new Set(), withdrawn: new Set(), acknowledged: new Map(), consentChanges: new Map() };
      await Promise.all(
        buckets.map(async (bucket) => {
          const [markers, withdrawals, acks, changes] = await Promise.all([
            SupersededMarker.find({ bucket }, { _id: 1 }).lean<{ _id: string }[]>(),
            Withdrawal.find({ subjectBucket: bucket }, { _id: 1 }).lean<{ _id: string }[]>(),
            Acknowledgement.find({ bucket }, { _id: 1, at: 1 }).lean<{ _id: string; at: Date }[]>(),
            Consent.find({ buckets: bucket }).lean<(ConsentChange & { _id: unknown; buckets?: string[] })[]>(),
          ]);
          for (const m of markers) facts.superseded.add(m._id);
          for (const w of withdrawals) facts.withdrawn.add(w._id);
          for (const a of acks) facts.acknowledged.set(a._id, a.at);
          for (const c of changes) {
            const { _id, buckets: _b, ...change } = c;
            const list = facts.consentChanges.get(c.handoverId) ?? [];
            // One change may be tagged with several buckets of the page: keep it once.
            if (!list.some((x) => x.recordedAt.getTime() === change.recordedAt.getTime() && x.personRef === change.personRef && x.audience === change.audience && x.scope === change.scope)) list.push(change as ConsentChange);
            facts.consentChanges.set(c.handoverId, list);
          }
        }),
      );
      for (const list of facts.consentChanges.values()) list.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
      return facts;
    },
    /** The first retrieval of a version by its municipality; later ones change nothing. */
    async recordRetrieval(handoverId: string, version: number, organisationId: string, at: Date, person?: { id: string; name: string }): Promise<void> {
      try {
        await Retrieval.create({ _id: `${handoverId}:${version}`, handoverId, version, organisationId, at, ...(person ? { personId: person.id, personName: person.name } : {}) });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    /** The first retrieval of each given version (probed by _id). */
    async retrievals(handoverId: string, versions: readonly number[]): Promise<{ version: number; organisationId: string; at: Date; person?: { id: string; name: string } }[]> {
      const out: { version: number; organisationId: string; at: Date; person?: { id: string; name: string } }[] = [];
      for (const v of versions) {
        const r = await Retrieval.findById(`${String(handoverId)}:${Number(v)}`).lean<{ version: number; organisationId: string; at: Date; personId?: string; personName?: string }>();
        if (r) out.push({ version: r.version, organisationId: r.organisationId, at: r.at, ...(r.personId ? { person: { id: r.personId, name: r.personName ?? '' } } : {}) });
      }
      return out;
    },

    /** Inserts once; returns the stored acknowledgement (the earlier one if it exists). */
    async acknowledge(a: AcknowledgementRecord): Promise<{ created: boolean; acknowledgement: AcknowledgementRecord }> {
      try {
        const { versionFeedSeq, ...rest } = a;
        await Acknowledgement.create({ _id: `${a.handoverId}:${a.version}`, ...rest, bucket: feedBucketOf(a.municipalityCode, versionFeedSeq) });
        return { created: true, acknowledgement: a };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Acknowledgement.findById(`${a.handoverId}:${a.version}`).lean<AcknowledgementRecord & { _id: string; bucket?: string }>();
        const { bucket: _b, ...stored } = stripId(existing!);
        return { created: false, acknowledgement: stored as AcknowledgementRecord };
      }
    },
    /** The acknowledgement of each given version that has one (probed by _id). */
    async acknowledgements(handoverId: string, versions: readonly number[]): Promise<AcknowledgementRecord[]> {
      const out: AcknowledgementRecord[] = [];
      for (const v of versions) {
        const a = await Acknowledgement.findById(`${String(handoverId)}:${Number(v)}`).lean<AcknowledgementRecord & { _id: string; bucket?: string }>();
        if (a) {
          const { bucket: _b, ...stored } = stripId(a);
          out.push(stored as AcknowledgementRecord);
        }
      }
      return out;
    },
    async acknowledgement(handoverId: string, version: number): Promise<AcknowledgementRecord | undefined> {
      const a = await Acknowledgement.findById(`${String(handoverId)}:${Number(version)}`).lean<AcknowledgementRecord & { _id: string; bucket?: string }>();
      if (!a) return undefined;
      const { bucket: _b, ...stored } = stripId(a);
      return stored as AcknowledgementRecord;
    },
    /** Records a consent change, tagged with the feed buckets of the handover's version entries (for the feed's pages). */
    async addConsentChange(c: ConsentChange, versionEntries: readonly { municipalityCode: string; feedSeq: number }[]): Promise<void> {
      await Consent.create({ ...c, buckets: [...new Set(versionEntries.map((v) => feedBucketOf(v.municipalityCode, v.feedSeq)))] });
    },
    async consentChanges(handoverId: string): Promise<ConsentChange[]> {
      const docs = await Consent.find({ handoverId: String(handoverId) }).lean<(ConsentChange & { _id: unknown; buckets?: string[] })[]>();
      // Sorted here: FerretDB would sort in memory anyway, and a handover has few changes.
      return docs.map(({ _id, buckets: _b, ...c }) => c as ConsentChange).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
    },

    async insertTransfer(t: RecordTransfer): Promise<void> {
      const { transferId, ...rest } = t;
      await Transfer.create({ _id: transferId, ...rest, toMonth: `${t.toMunicipalityCode}:${formatIsoDate(t.transferredAt).slice(0, 7)}` });
    },
    /** A handover's transfers (a few), oldest first. */
    async transfersOf(handoverId: string): Promise<RecordTransfer[]> {
      const found = await Transfer.find({ handoverId: String(handoverId) }).lean<(RecordTransfer & { _id: string })[]>();
      return found.map(toTransfer).sort((a, b) => a.transferredAt.getTime() - b.transferredAt.getTime());
    },
    async transfer(transferId: string): Promise<RecordTransfer | undefined> {
      const d = await Transfer.findById(String(transferId)).lean<RecordTransfer & { _id: string }>();
      return d ? toTransfer(d) : undefined;
    },
    /** The records handed on to a municipality in one month ("YYYY-MM"). */
    async transfersTo(municipalityCode: string, month: string): Promise<RecordTransfer[]> {
      const found = await Transfer.find({ toMonth: `${String(municipalityCode)}:${String(month)}` }).lean<(RecordTransfer & { _id: string })[]>();
      return found.map(toTransfer).sort((a, b) => a.transferredAt.getTime() - b.transferredAt.getTime());
    },
    async assignGp(a: GpAssignment): Promise<void> {
      await Assignment.replaceOne({ _id: `${a.handoverId}:${a.personRef}` }, { _id: `${a.handoverId}:${a.personRef}`, ...a }, { upsert: true });
    },
    /** A person's GP assignment, whichever practice it is (what the coordinating department sees). */
    async gpAssignment(handoverId: string, personRef: string): Promise<GpAssignment | undefined> {
      const d = await Assignment.findById(`${String(handoverId)}:${String(personRef)}`).lean<GpAssignment & { _id: string }>();
      return d ? (stripId(d) as GpAssignment) : undefined;
    },
    /**
     * The persons of a handover (or the one person) assigned to a practice, decided by the one
     * query that finds them: another practice's person costs what an unknown one costs.
     */
    async practiceAssignments(gpOrganisationId: string, handoverId: string, personRef?: string): Promise<GpAssignment[]> {
      const gp = String(gpOrganisationId);
      const found = await Assignment.find(personRef === undefined ? { handoverId: String(handoverId), gpOrganisationId: gp } : { _id: `${String(handoverId)}:${String(personRef)}`, gpOrganisationId: gp }).lean<(GpAssignment & { _id: string })[]>();
      return found.map(stripId) as GpAssignment[];
    },
    async assignmentsOfGp(gpOrganisationId: string): Promise<GpAssignment[]> {
      return (await Assignment.find({ gpOrganisationId: String(gpOrganisationId) }).sort({ assignedAt: 1 }).lean<(GpAssignment & { _id: string })[]>()).map(stripId) as GpAssignment[];
    },
    /** Routes a child to a unit; routing it again changes nothing (the first routing stands). */
    async routeChild(r: ChildRoutingRecord): Promise<{ created: boolean; routing: ChildRoutingRecord }> {
      const _id = `${r.handoverId}:${r.personRef}:${r.unitOrganisationId}`;
      try {
        await ChildRouting.create({ _id, ...r });
        return { created: true, routing: r };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return { created: false, routing: stripId((await ChildRouting.findById(_id).lean<ChildRoutingRecord & { _id: string }>())!) as ChildRoutingRecord };
      }
    },
    async childRouting(handoverId: string, personRef: string, unitOrganisationId: string): Promise<ChildRoutingRecord | undefined> {
      const d = await ChildRouting.findById(`${String(handoverId)}:${String(personRef)}:${String(unitOrganisationId)}`).lean<ChildRoutingRecord & { _id: string }>();
      return d ? (stripId(d) as ChildRoutingRecord) : undefined;
    },
    /** The children routed to a unit, in the order routed (a unit has a caseload, not a register). */
    async childrenOfUnit(unitOrganisationId: string): Promise<ChildRoutingRecord[]> {
      const found = await ChildRouting.find({ unitOrganisationId: String(unitOrganisationId) }).lean<(ChildRoutingRecord & { _id: string })[]>();
      return (found.map(stripId) as ChildRoutingRecord[]).sort((a, b) => a.routedAt.getTime() - b.routedAt.getTime());
    },

    async insertResult(r: AssessmentResultRecord): Promise<boolean> {
      const { resultId, ...rest } = r;
      try {
        await AssessmentResult.create({ _id: resultId, ...rest });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async findResult(resultId: string): Promise<AssessmentResultRecord | undefined> {
      const d = await AssessmentResult.findById(String(resultId)).lean<Omit<AssessmentResultRecord, 'resultId'> & { _id: string }>();
      if (!d) return undefined;
      const { _id, ...rest } = d;
      return { resultId: _id, ...rest, jws: Buffer.from(rest.jws as unknown as Uint8Array) };
    },
    async resultsBy(filter: { gpOrganisationId?: string; handoverId?: string }): Promise<AssessmentResultRecord[]> {
      const q: Record<string, string> = {};
      if (filter.gpOrganisationId) q.gpOrganisationId = String(filter.gpOrganisationId);
      if (filter.handoverId) q.handoverId = String(filter.handoverId);
      const docs = await AssessmentResult.find(q, { jws: 0 }).sort({ receivedAt: 1 }).lean<(Omit<AssessmentResultRecord, 'resultId'> & { _id: string })[]>();
      return docs.map(({ _id, ...rest }) => ({ resultId: _id, ...rest }) as AssessmentResultRecord);
    },

    /** Which version of a handover is current (the newest not withdrawn), and which are withdrawn. */
    /** Which versions exist, which are withdrawn, and the current one: probed by _id, newest first. */
    /** Which versions a handover has, which are withdrawn and which is current: two queries by handoverId, side by side. */
    async versionState(handoverId: string): Promise<{ currentVersion?: number; withdrawn: Set<number>; latestVersion: number } | undefined> {
      const [stored, withdrawals] = await Promise.all([
        HandoverVersion.find({ handoverId: String(handoverId) }, { version: 1, retiredAt: 1 }).lean<{ version: number; retiredAt?: Date }[]>(),
        Withdrawal.find({ handoverId: String(handoverId) }, { version: 1 }).lean<{ version: number }[]>(),
      ]);
      // Deleted under its retention rule: to every reader as if it had never been stored.
      if (stored.length === 0 || stored.some((v) => v.retiredAt)) return undefined;
      const versions = stored.map((v) => v.version).sort((a, b) => b - a);
      const latestVersion = versions[0]!;
      const withdrawn = new Set(withdrawals.map((w) => w.version).filter((v) => versions.includes(v)));
      const currentVersion = versions.find((v) => !withdrawn.has(v));
      return { ...(currentVersion !== undefined ? { currentVersion } : {}), withdrawn, latestVersion };
    },
  };
}

export type RecipientRepository = ReturnType<typeof recipientRepository>;
