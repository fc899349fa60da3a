/** GP practices' part: persons assigned to a practice, and the signed results of their health assessments. */
import type { IssuedReceipt, VerificationFacts } from '../domain/handover-record.js';
import { isDuplicateKey, type Models } from './models.js';
import { stripId } from './strip-id.js';
import type { AssessmentResultRecord, GpAssignment } from '../services/ports/recipients.js';

export function gpRepository(models: Models) {
  const { GpAssignment: Assignment, AssessmentResult } = models;
  return {
    async assignGp(a: GpAssignment): Promise<void> {
      await Assignment.replaceOne({ _id: `${a.handoverId}:${a.personRef}` }, { _id: `${a.handoverId}:${a.personRef}`, ...a }, { upsert: true });
    },
    /** The handover's persons assigned, whichever practice (what the coordinating department sees): one query (it was one per person). */
    async gpAssignmentsOf(handoverId: string): Promise<GpAssignment[]> {
      return (await Assignment.find({ handoverId: String(handoverId) }).lean<(GpAssignment & { _id: string })[]>()).map(stripId) as GpAssignment[];
    },
    async unassignGp(handoverId: string, personRef: string): Promise<GpAssignment | undefined> {
      const d = await Assignment.findOneAndDelete({ _id: `${String(handoverId)}:${String(personRef)}` }).lean<GpAssignment & { _id: string }>();
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
  };
}
