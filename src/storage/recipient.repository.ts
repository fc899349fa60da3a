/** What recipients do with handovers: the feed, retrievals, acknowledgements, consent changes, GP assignments and results. */
import mongoose from 'mongoose';
import type { ConsentChange } from '../domain/consent.js';
import type { IssuedReceipt, VerificationFacts } from '../domain/handover-record.js';
import type { FeedSummary } from '../domain/recipient-views.js';
import { isDuplicateKey, type Models } from './models.js';

const trusted = <T extends object>(o: T) => mongoose.trusted(o) as T;

/** A position in the feed: time, then kind (versions before withdrawals), then id. */
export interface FeedPosition {
  t: number;
  k: 'v' | 'w';
  id: string;
}

export interface FeedEntry {
  kind: 'version' | 'withdrawal';
  handoverId: string;
  version: number;
  feedAt: Date;
  id: string;
  /** For a version entry: what the feed shows of it, read with the page. */
  facts?: FeedVersionFacts;
}

/** A version's facts the feed shows, read with the page (no signed document needed). */
export interface FeedVersionFacts {
  handoverId: string;
  version: number;
  receivedAt: Date;
  senderOrganisationId: string;
  completenessScore: number;
  feedSummary?: FeedSummary;
}

export interface FeedQuery {
  municipalityCode: string;
  after?: FeedPosition;
  /** Only entries at or before this time: later ones may still have earlier twins in flight. */
  settledBefore: Date;
  limit: number;
  arrivingFrom?: string;
  arrivingTo?: string;
  urgentOnly?: boolean;
}

export interface AcknowledgementRecord {
  handoverId: string;
  version: number;
  municipalityCode: string;
  organisationId: string;
  credentialId: string;
  caseworker?: string;
  note?: string;
  at: Date;
  receipt: IssuedReceipt;
}

export interface GpAssignment {
  handoverId: string;
  personRef: string;
  gpOrganisationId: string;
  municipalityCode: string;
  assignedAt: Date;
  assignedBy: string;
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

function after(position: FeedPosition | undefined, kind: 'v' | 'w') {
  if (!position) return {};
  const t = new Date(position.t);
  if (kind === position.k) return { $or: [{ feedAt: trusted({ $gt: t }) }, { feedAt: t, _id: trusted({ $gt: position.id }) }] };
  // Versions sort before withdrawals at the same instant.
  return kind === 'v' ? { feedAt: trusted({ $gt: t }) } : { feedAt: trusted({ $gte: t }) };
}

const stripId = <T extends { _id?: unknown }>(d: T) => {
  const { _id, ...rest } = d;
  return rest;
};

export function recipientRepository(models: Models) {
  const { HandoverVersion, Withdrawal, SupersededMarker, Retrieval, Acknowledgement, ConsentChange: Consent, GpAssignment: Assignment, AssessmentResult } = models;
  return {
    /** One page of the feed across versions and withdrawals, in (time, kind, id) order. */
    /** The feed facts of versions, by _id ("<handoverId>:<version>"), probed in parallel. */
    async feedVersionFacts(keys: readonly string[]): Promise<Map<string, FeedVersionFacts>> {
      const docs = await Promise.all(
        keys.map((k) => HandoverVersion.findById(String(k), { handoverId: 1, version: 1, receivedAt: 1, senderOrganisationId: 1, completenessScore: 1, feedSummary: 1 }).lean<FeedVersionFacts & { _id: string }>()),
      );
      return new Map(docs.filter((d): d is FeedVersionFacts & { _id: string } => d !== null).map((d) => [d._id, stripId(d) as FeedVersionFacts]));
    },
    /** Which of these versions ("<handoverId>:<version>") a later version may have superseded (confirm with versionState). */
    async supersededKeys(keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const docs = await SupersededMarker.find({ _id: trusted({ $in: keys.map(String) }) } as never, { _id: 1 }).lean<{ _id: string }[]>();
      return new Set(docs.map((d) => d._id));
    },
    async withdrawnKeys(keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const docs = await Withdrawal.find({ _id: trusted({ $in: keys.map(String) }) } as never, { _id: 1 }).lean<{ _id: string }[]>();
      return new Set(docs.map((d) => d._id));
    },
    /** Consent changes of several handovers at once, oldest first. */
    async consentChangesOf(handoverIds: readonly string[]): Promise<Map<string, ConsentChange[]>> {
      const out = new Map<string, ConsentChange[]>();
      if (handoverIds.length === 0) return out;
      const docs = await Consent.find({ handoverId: trusted({ $in: handoverIds.map(String) }) } as never).sort({ recordedAt: 1 }).lean<(ConsentChange & { _id: unknown })[]>();
      for (const d of docs) out.set(d.handoverId, [...(out.get(d.handoverId) ?? []), stripId(d) as ConsentChange]);
      return out;
    },

    async feedPage(q: FeedQuery): Promise<FeedEntry[]> {
      const base = { municipalityCode: String(q.municipalityCode) };
      const versionFilter: Record<string, unknown> = { ...base, ...after(q.after, 'v') };
      const settled = { feedAt: trusted({ $lte: q.settledBefore }) };
      if (q.arrivingFrom || q.arrivingTo) {
        versionFilter.expectedArrivalDate = trusted({ ...(q.arrivingFrom ? { $gte: q.arrivingFrom } : {}), ...(q.arrivingTo ? { $lte: q.arrivingTo } : {}) });
      }
      if (q.urgentOnly) versionFilter.urgentFlagCount = trusted({ $gt: 0 });
      const versions = await HandoverVersion.find({ $and: [versionFilter, settled] } as never, { handoverId: 1, version: 1, feedAt: 1, receivedAt: 1, senderOrganisationId: 1, completenessScore: 1, feedSummary: 1 })
        .sort({ feedAt: 1, _id: 1 })
        .limit(q.limit)
        .lean<(FeedVersionFacts & { _id: string; feedAt: Date })[]>();
      // Filters on arrival and urgency describe handovers, so withdrawals only show unfiltered.
      const filtered = Boolean(q.arrivingFrom || q.arrivingTo || q.urgentOnly);
      const withdrawals = filtered
        ? []
        : await Withdrawal.find({ $and: [{ ...base, ...after(q.after, 'w') }, settled] } as never, { handoverId: 1, version: 1, feedAt: 1 })
            .sort({ feedAt: 1, _id: 1 })
            .limit(q.limit)
            .lean<{ _id: string; handoverId: string; version: number; feedAt: Date }[]>();
      const entries: (FeedEntry & { k: 'v' | 'w' })[] = [
        ...versions.map(({ _id, feedAt, ...facts }) => ({ kind: 'version' as const, k: 'v' as const, handoverId: facts.handoverId, version: facts.version, feedAt, id: _id, facts })),
        ...withdrawals.map((w) => ({ kind: 'withdrawal' as const, k: 'w' as const, handoverId: w.handoverId, version: w.version, feedAt: w.feedAt, id: w._id })),
      ];
      entries.sort((a, b) => a.feedAt.getTime() - b.feedAt.getTime() || a.k.localeCompare(b.k) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return entries.slice(0, q.limit).map(({ k: _k, ...e }) => e);
    },

    /** The first retrieval of a version by its municipality; later ones change nothing. */
    async recordRetrieval(handoverId: string, version: number, organisationId: string, at: Date): Promise<void> {
      try {
        await Retrieval.create({ _id: `${handoverId}:${version}`, handoverId, version, organisationId, at });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
    /** The first retrieval of each given version (probed by _id). */
    async retrievals(handoverId: string, versions: readonly number[]): Promise<{ version: number; organisationId: string; at: Date }[]> {
      const out: { version: number; organisationId: string; at: Date }[] = [];
      for (const v of versions) {
        const r = await Retrieval.findById(`${String(handoverId)}:${Number(v)}`).lean<{ version: number; organisationId: string; at: Date }>();
        if (r) out.push({ version: r.version, organisationId: r.organisationId, at: r.at });
      }
      return out;
    },

    /** Inserts once; returns the stored acknowledgement (the earlier one if it exists). */
    async acknowledge(a: AcknowledgementRecord): Promise<{ created: boolean; acknowledgement: AcknowledgementRecord }> {
      try {
        await Acknowledgement.create({ _id: `${a.handoverId}:${a.version}`, ...a });
        return { created: true, acknowledgement: a };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Acknowledgement.findById(`${a.handoverId}:${a.version}`).lean<AcknowledgementRecord & { _id: string }>();
        return { created: false, acknowledgement: stripId(existing!) as AcknowledgementRecord };
      }
    },
    /** The acknowledgement of each given version that has one (probed by _id). */
    async acknowledgements(handoverId: string, versions: readonly number[]): Promise<AcknowledgementRecord[]> {
      const out: AcknowledgementRecord[] = [];
      for (const v of versions) {
        const a = await Acknowledgement.findById(`${String(handoverId)}:${Number(v)}`).lean<AcknowledgementRecord & { _id: string }>();
        if (a) out.push(stripId(a) as AcknowledgementRecord);
      }
      return out;
    },
    async acknowledgement(handoverId: string, version: number): Promise<AcknowledgementRecord | undefined> {
      const a = await Acknowledgement.findById(`${String(handoverId)}:${Number(version)}`).lean<AcknowledgementRecord & { _id: string }>();
      return a ? (stripId(a) as AcknowledgementRecord) : undefined;
    },
    /** When each of these versions ("<handoverId>:<version>") was acknowledged, if it was. */
    async acknowledgementsOf(keys: readonly string[]): Promise<Map<string, Date>> {
      if (keys.length === 0) return new Map();
      const docs = await Acknowledgement.find({ _id: trusted({ $in: keys.map(String) }) } as never, { _id: 1, at: 1 }).lean<{ _id: string; at: Date }[]>();
      return new Map(docs.map((d) => [d._id, d.at]));
    },

    async addConsentChange(c: ConsentChange): Promise<void> {
      await Consent.create(c);
    },
    async consentChanges(handoverId: string): Promise<ConsentChange[]> {
      return (await Consent.find({ handoverId: String(handoverId) }).sort({ recordedAt: 1 }).lean<(ConsentChange & { _id: unknown })[]>()).map(stripId) as ConsentChange[];
    },

    async assignGp(a: GpAssignment): Promise<void> {
      await Assignment.replaceOne({ _id: `${a.handoverId}:${a.personRef}` }, { _id: `${a.handoverId}:${a.personRef}`, ...a }, { upsert: true });
    },
    async gpAssignment(handoverId: string, personRef: string): Promise<GpAssignment | undefined> {
      const d = await Assignment.findById(`${String(handoverId)}:${String(personRef)}`).lean<GpAssignment & { _id: string }>();
      return d ? (stripId(d) as GpAssignment) : undefined;
    },
    async assignmentsOfGp(gpOrganisationId: string): Promise<GpAssignment[]> {
      return (await Assignment.find({ gpOrganisationId: String(gpOrganisationId) }).sort({ assignedAt: 1 }).lean<(GpAssignment & { _id: string })[]>()).map(stripId) as GpAssignment[];
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
    /** A sender's handovers, one entry each (its first version), in id order from `afterId`. */
    async senderHandoverIds(senderOrganisationId: string, afterId: string | undefined, limit: number): Promise<string[]> {
      const filter: Record<string, unknown> = { senderOrganisationId: String(senderOrganisationId), version: 1 };
      if (afterId) filter._id = trusted({ $gt: `${afterId}:1` });
      const docs = await HandoverVersion.find(filter, { handoverId: 1 }).sort({ _id: 1 }).limit(limit).lean<{ handoverId: string }[]>();
      return docs.map((d) => d.handoverId);
    },
    /** Which versions exist, which are withdrawn, and the current one: probed by _id, newest first. */
    async versionState(handoverId: string): Promise<{ currentVersion?: number; withdrawn: Set<number>; latestVersion: number } | undefined> {
      let latestVersion = 0;
      while (latestVersion < 1000 && (await HandoverVersion.exists({ _id: `${String(handoverId)}:${latestVersion + 1}` }))) latestVersion++;
      if (latestVersion === 0) return undefined;
      const withdrawn = new Set<number>();
      let currentVersion: number | undefined;
      for (let v = latestVersion; v >= 1; v--) {
        if (await Withdrawal.exists({ _id: `${String(handoverId)}:${v}` })) withdrawn.add(v);
        else currentVersion ??= v;
      }
      return { ...(currentVersion !== undefined ? { currentVersion } : {}), withdrawn, latestVersion };
    },
  };
}

export type RecipientRepository = ReturnType<typeof recipientRepository>;
