/** The funnel (domain/funnel.ts): facts per person and stage, and counters per municipality, sender and month. */
import { Schema, type Connection } from 'mongoose';
import { COUNTER_FIELDS } from '../../domain/funnel.js';
import { strict } from './schema-options.js';

/**
 * The funnel (domain/funnel.ts): a fact per person, municipality and stage reached, written once
 * by _id so a retried or concurrent event counts once; `counted` names the counter fields it
 * added to, so moving the person to another holder takes exactly those back.
 */
const funnelFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    handoverId: { type: String, required: true, index: true },
    personRef: { type: String, required: true },
    municipalityCode: { type: String, required: true },
    senderOrganisationId: { type: String, required: true },
    month: { type: String, required: true },
    stage: { type: String, required: true },
    /** How the municipality came to hold the person: the handover's recipient, or a record handed on to it. */
    via: { type: String, required: true },
    cohorts: { type: [String], default: undefined },
    arrivalOn: String,
    counted: { type: [String], default: undefined },
    at: { type: Date, required: true },
    /** The derivation note that wrote it (services/derivations.ts): derived again after a crash, the note counts its own facts once. */
    note: String,
    /** Being taken back by this note: its counts go back, then it is deleted. */
    retractedBy: String,
  },
  strict,
);

/** The funnel's counters: one small document per municipality, sender and month, updated by $inc by one writer (funnel.repository.ts). */
const funnelCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    municipalityCode: { type: String, required: true, index: true },
    senderOrganisationId: { type: String, required: true, index: true },
    month: { type: String, required: true, index: true },
    ...Object.fromEntries(COUNTER_FIELDS.map((f) => [f, Number])),
    /**
     * The facts ("1<id>", "-1<id>") applied by notes still being derived, each beside its note
     * (appliedBy[i] applied appliedFacts[i]): such a note derived again after a crash applies each
     * once, whatever other notes changed the counter meanwhile (funnel.repository.ts).
     */
    appliedFacts: { type: [String], default: undefined },
    appliedBy: { type: [String], default: undefined },
  },
  strict,
);

export function funnelModels(connection: Connection) {
  return {
    FunnelFact: connection.model('FunnelFact', funnelFactSchema, 'funnel_facts'),
    FunnelCounter: connection.model('FunnelCounter', funnelCounterSchema, 'funnel_counters'),
  };
}
