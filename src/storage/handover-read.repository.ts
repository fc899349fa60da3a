/**
 * The read model of a handover (issue 33.4; models/read-model.models.ts): one document by the
 * handover's id, found together with whether the caller may read it, and a journal of the changes
 * it may not show yet. A request that changes what a fetch shows (a version, a withdrawal, a
 * consent change, a deletion) notes the change in the journal before it stores it; while a note
 * is not covered, readers read the stored records. The worker covers a note only once the stored
 * records show its change, so a model that covers every note is current.
 */
import mongoose from 'mongoose';
import type { HandoverVersionRecord } from '../domain/handover-record.js';
import { payloadOfStoredJws } from '../domain/stored-jws.js';
import type { HandoverRead, HandoverReadFacts } from '../services/ports/handover-reads.js';
import { onlyDuplicateKeys, type Models } from './models.js';

type ReadModels = Pick<Models, 'HandoverRead' | 'HandoverReadChange' | 'ConsentChange'>;

/** The journal entries a pass looks at, at most. */
const PASS_SIZE = 200;

type StoredRead = {
  _id: string;
  holder?: string;
  sender?: string;
  covers: string[];
  state?: { currentVersion?: number; latestVersion: number; withdrawn: number[] };
  current?: Omit<HandoverVersionRecord, 'jws' | 'payload'>;
  jws?: Buffer | { buffer: Buffer };
  consentChanges?: HandoverRead['consentChanges'];
  retrieved?: number[];
  funnelRetrieved?: string[];
};

const asBuffer = (b: Buffer | { buffer: Buffer } | Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : b instanceof Uint8Array ? Buffer.from(b) : Buffer.from(b.buffer));

/** Notes a change a fetch shows, before it is stored: "<handoverId>|<what>" (v<version>, w<version>, c<consent change id>, retired). */
export async function noteReadChange(models: Pick<Models, 'HandoverReadChange'>, handoverId: string, what: string, at: Date): Promise<void> {
  try {
    await models.HandoverReadChange.insertMany([{ _id: `${String(handoverId)}|${what}`, handoverId: String(handoverId), at }], { ordered: false });
  } catch (err) {
    if (!onlyDuplicateKeys(err)) throw err;
  }
}

/** The read model of a handover as stored, from what the worker read (or a submission stored as version 1). */
export function readDocumentOf(handoverId: string, facts: HandoverReadFacts | undefined, covers: readonly string[], at: Date): StoredRead & { builtAt: Date } {
  if (!facts) return { _id: String(handoverId), covers: [...covers], builtAt: at };
  const { jws, payload: _payload, ...current } = facts.current;
  return {
    _id: String(handoverId),
    holder: facts.current.municipalityCode,
    sender: facts.current.senderOrganisationId,
    covers: [...covers],
    state: { ...(facts.state.currentVersion !== undefined ? { currentVersion: facts.state.currentVersion } : {}), latestVersion: facts.state.latestVersion, withdrawn: [...facts.state.withdrawn] },
    current,
    jws,
    consentChanges: facts.consentChanges,
    retrieved: facts.retrieved,
    funnelRetrieved: facts.funnelRetrieved,
    builtAt: at,
  };
}

/** The read model of a new handover's version 1, as its submission stores it. */
export const firstVersionRead = (v: HandoverVersionRecord) =>
  readDocumentOf(v.handoverId, { state: { currentVersion: v.version, latestVersion: v.version, withdrawn: new Set() }, current: v, consentChanges: [], retrieved: [], funnelRetrieved: [] }, [], v.receivedAt);

function toRead(d: StoredRead): HandoverRead | undefined {
  if (!d.state || !d.current || !d.jws) return undefined;
  const jws = asBuffer(d.jws);
  const funnel = new Set(d.funnelRetrieved ?? []);
  return {
    state: { ...(d.state.currentVersion !== undefined ? { currentVersion: d.state.currentVersion } : {}), latestVersion: d.state.latestVersion, withdrawn: new Set(d.state.withdrawn) },
    current: { ...d.current, jws, payload: payloadOfStoredJws(jws, d.current.serialization) },
    consentChanges: d.consentChanges ?? [],
    retrieved: new Set(d.retrieved ?? []),
    funnelRetrieved: (municipalityCode, personRef) => funnel.has(`${municipalityCode}|${personRef}`),
  };
}

export function handoverReadRepository(models: ReadModels) {
  const { HandoverRead: Read, HandoverReadChange: Change, ConsentChange } = models;
  /** The consent change a journal entry notes, if it is one. */
  const consentChangeOf = (id: string) => {
    const what = id.slice(id.lastIndexOf('|') + 1);
    return what.startsWith('c') && mongoose.isValidObjectId(what.slice(1)) ? what.slice(1) : undefined;
  };
  /** Whether the stored records (as `facts` show them) show the change a journal entry notes; a consent change by whether it was stored before the facts were read. */
  function shows(id: string, facts: HandoverReadFacts | undefined, storedBefore: ReadonlySet<string>): boolean {
    const what = id.slice(id.lastIndexOf('|') + 1);
    // Nothing readable (deleted, purged): no fetch uses the model, whatever the note said.
    if (!facts) return true;
    if (what === 'retired') return false;
    const number = Number(what.slice(1));
    if (what.startsWith('v')) return facts.state.latestVersion >= number;
    if (what.startsWith('w')) return facts.state.withdrawn.has(number);
    return storedBefore.has(id);
  }
  return {
    /** Inserts version 1's read model with it; one there already (the worker's, built since) stays. */
    async insertFirst(v: HandoverVersionRecord): Promise<void> {
      try {
        await Read.insertMany([firstVersionRead(v)], { ordered: false });
      } catch (err) {
        if (!onlyDuplicateKeys(err)) throw err;
      }
    },
    async readFor(handoverId: string, party: { municipalityCode: string } | { senderOrganisationId: string }): Promise<HandoverRead | undefined> {
      const id = String(handoverId);
      const filter = 'senderOrganisationId' in party ? { _id: id, sender: String(party.senderOrganisationId) } : { _id: id, holder: String(party.municipalityCode) };
      const [found, changes] = await Promise.all([Read.findOne(filter).lean<StoredRead>(), Change.find({ handoverId: id }, { _id: 1 }).lean<{ _id: string }[]>()]);
      if (!found || changes.some((c) => !found.covers.includes(c._id))) return undefined;
      return toRead(found);
    },
    async changedHandovers(): Promise<string[]> {
      const found = await Change.find({}, { handoverId: 1 }).limit(PASS_SIZE).lean<{ handoverId: string }[]>();
      return [...new Set(found.map((c) => c.handoverId))];
    },
    async rebuild(handoverId: string, readFacts: () => Promise<HandoverReadFacts | undefined>, at: Date, abandonedBefore: Date): Promise<void> {
      const id = String(handoverId);
      const changes = await Change.find({ handoverId: id }).lean<{ _id: string; at: Date }[]>();
      // Which noted consent changes are stored, asked before the facts are read: the facts then show
      // each of them. Asked after, a change stored in between was covered without being shown, and
      // the model served as current without it (a withdrawn consent still showing the health section).
      const stored = await Promise.all(changes.map(async (c) => {
        const changeId = consentChangeOf(c._id);
        return changeId !== undefined && (await ConsentChange.exists({ _id: changeId })) !== null ? c._id : undefined;
      }));
      const storedBefore = new Set(stored.filter((c): c is string => c !== undefined));
      const facts = await readFacts();
      const covers = changes.filter((c) => c.at < abandonedBefore || shows(c._id, facts, storedBefore)).map((c) => c._id);
      await Read.replaceOne({ _id: id }, readDocumentOf(id, facts, covers, at), { upsert: true });
      await Promise.all(covers.map((c) => Change.deleteOne({ _id: c })));
    },
    /** Every read model document of the handover gone (its purge). */
    async remove(handoverId: string): Promise<void> {
      await Promise.all([Read.deleteOne({ _id: String(handoverId) }), Change.deleteMany({ handoverId: String(handoverId) })]);
    },
  };
}

export type HandoverReadRepository = ReturnType<typeof handoverReadRepository>;
