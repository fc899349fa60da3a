/**
 * Which of a slot's deadline rows the municipality's list shows, and how: only current versions',
 * a medication's name withheld where the person's consent does not cover their health for the
 * coordinating department. A first version's row carries what its version fixes (the person's
 * name, the consent it gave: storage/deadline-index.ts), so it is settled from the slot's feed
 * bucket alone: its later facts (superseded, withdrawn, consent changed), a few small queries
 * for up to a hundred versions. Any other row (a later version, whose consent changes may be
 * tagged with an earlier version's bucket; a version marked superseded or withdrawn, where an
 * earlier one may be current again or the later one may never have been stored; a row filed
 * before rows carried the name and consent) is decided from its handover's own records.
 */
import { hasConsent } from '../domain/consent.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Consent } from '../domain/handover-types.js';
import { healthWithheld, redactDeadlines } from '../domain/recipient-views.js';
import type { DeadlineRow } from './ports/handovers.js';
import type { RecipientDeps } from './recipient-access.js';

type RowDeps = Pick<RecipientDeps, 'handovers' | 'recipients'>;

/** A row as the list shows it. */
export interface RowView {
  deadline: Deadline;
  personName?: string;
}

/** A handover's current version, whose health is withheld, and its persons' names (undefined: none current here). */
type Current = { version: number; withheld: string[]; names: Map<string, string> } | undefined;

const AUDIENCE = 'coordinating-department';

/** How each row is shown, in the rows' order (undefined: not listed). */
export async function rowViews(d: RowDeps, municipalityCode: string, rows: readonly DeadlineRow[]): Promise<(RowView | undefined)[]> {
  if (rows.length === 0) return [];
  const facts = await d.recipients.feedPageFacts(municipalityCode, [...new Set(rows.map((r) => r.feedSeq))]);
  const lookups = new Map<string, Promise<Current>>();
  const lookUp = (handoverId: string) => {
    let current = lookups.get(handoverId);
    if (!current) lookups.set(handoverId, (current = currentVersionOf(d, municipalityCode, handoverId)));
    return current;
  };
  return Promise.all(
    rows.map(async (r): Promise<RowView | undefined> => {
      const id = `${r.handoverId}:${r.version}`;
      const personRef = r.deadline.personRef;
      if (r.version === 1 && r.healthConsent !== undefined && !facts.superseded.has(id) && !facts.withdrawn.has(id)) {
        const given: Consent[] = r.healthConsent ? [{ personRef, audiences: [AUDIENCE], scopes: ['health'], givenOn: '' }] : [];
        const shown = hasConsent(given, facts.consentChanges.get(r.handoverId) ?? [], personRef, AUDIENCE, 'health');
        return view(r.deadline, shown, r.personName);
      }
      const current = await lookUp(r.handoverId);
      if (!current || current.version !== r.version) return undefined;
      return view(r.deadline, !current.withheld.includes(personRef), current.names.get(personRef));
    }),
  );
}

function view(deadline: Deadline, healthShown: boolean, personName: string | undefined): RowView {
  const [shown] = redactDeadlines([deadline], healthShown ? [] : [deadline.personRef]);
  return { deadline: shown!, ...(personName ? { personName } : {}) };
}

/** One handover's current version and withheld persons, from its own records. */
async function currentVersionOf(d: RowDeps, municipalityCode: string, handoverId: string): Promise<Current> {
  const state = await d.recipients.versionState(handoverId);
  if (state?.currentVersion === undefined) return undefined;
  const [meta, changes] = await Promise.all([d.handovers.findVersionMeta(handoverId, state.currentVersion), d.recipients.consentChanges(handoverId)]);
  if (!meta?.feedSummary || meta.municipalityCode !== municipalityCode) return undefined;
  const persons = meta.feedSummary.persons;
  return { version: state.currentVersion, withheld: healthWithheld(meta.feedSummary.consents, changes, persons.map((p) => p.personRef)), names: new Map(persons.map((p) => [p.personRef, p.name])) };
}
