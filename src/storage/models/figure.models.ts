/** The figures (domain/figure-counters.ts): one share per handover, and counters per day, municipality and sender. */
import { Schema, type Connection } from 'mongoose';
import { strict } from './schema-options.js';

/**
 * A handover's share of the figures (no personal data), by the handover's id: written and
 * replaced by the one derivation worker (figure.repository.ts). `bucket` names the counter it is
 * added to; `staleBuckets` the counters it left and that are still to be recounted; `counted`
 * says every counter it touches has been recounted since it was last written.
 */
const figureFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    bucket: { type: String, required: true, index: true },
    signature: { type: String, required: true },
    counted: { type: Boolean, required: true },
    staleBuckets: { type: [String], default: undefined },
    municipalityCode: String,
    senderOrganisationId: String,
    receivedAt: Date,
    firstRetrievedAt: Date,
    acknowledgedAt: Date,
    refused: Boolean,
    completenessScore: Number,
    persons: { type: [{ _id: false, mentalHealth: { type: String, required: true }, notAssessedReason: String }], default: undefined },
    openQuestionsAskedAt: { type: [Date], default: undefined },
  },
  strict,
);

/** The sum of the shares received on one day by one municipality from one sender: recounted from its shares whenever one changes. */
const figureCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    month: { type: String, required: true, index: true },
    municipalityCode: { type: String, required: true },
    senderOrganisationId: { type: String, required: true },
    handovers: { type: Number, required: true },
    retrievalTenths: { type: [Number], default: undefined },
    retrievalCounts: { type: [Number], default: undefined },
    acknowledgementTenths: { type: [Number], default: undefined },
    acknowledgementCounts: { type: [Number], default: undefined },
    refused: Number,
    completenessValues: { type: [Number], default: undefined },
    completenessCounts: { type: [Number], default: undefined },
    mentalHealth: { type: Schema.Types.Mixed },
    notAssessedByReason: { type: Schema.Types.Mixed },
    openQuestionsAskedAt: { type: [Number], default: undefined },
  },
  strict,
);
figureCounterSchema.index({ municipalityCode: 1, month: 1 });
figureCounterSchema.index({ senderOrganisationId: 1, month: 1 });

export function figureModels(connection: Connection) {
  return {
    FigureFact: connection.model('FigureFact', figureFactSchema, 'figure_facts'),
    FigureCounter: connection.model('FigureCounter', figureCounterSchema, 'figure_counters'),
  };
}
