/** Children routed by the coordinating department to a unit of its children's services. */
import { isDuplicateKey, type Models } from './models.js';
import { stripId } from './strip-id.js';
import type { ChildRoutingRecord } from '../services/ports/recipients.js';

export function childRoutingRepository(models: Models) {
  const { ChildRouting } = models;
  return {
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
  };
}
