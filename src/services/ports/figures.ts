/** What the figures need of their shares and counters (storage/figure.repository.ts), and the funnel of its facts (storage/funnel.repository.ts). */
import type { FigureCounter, HandoverFigureFact } from '../../domain/figure-counters.js';
import type { FunnelCounter } from '../../domain/funnel.js';

export interface FigureCounters {
  /** Sets a handover's share (undefined: it has none any more) and recounts the counters it left and joined. */
  put(handoverId: string, fact: HandoverFigureFact | undefined): Promise<void>;
  counters(filter: { month: string; municipalityCode?: string; senderOrganisationId?: string }): Promise<FigureCounter[]>;
}

/** A person's arrival at a stage of the funnel, counted once. */
export interface FunnelFact {
  id: string;
  handoverId: string;
  personRef: string;
  municipalityCode: string;
  senderOrganisationId: string;
  month: string;
  stage: string;
  via: 'holder' | 'transfer';
  cohorts: string[];
  arrivalOn?: string;
  /** The counter fields this fact added 1 to. */
  counted: string[];
  at: Date;
  /** The derivation that wrote it (as read back). */
  note?: string;
}

export interface FunnelFacts {
  factsOf(handoverId: string): Promise<FunnelFact[]>;
  reach(facts: readonly FunnelFact[], note: string): Promise<FunnelFact[]>;
  retract(facts: readonly FunnelFact[], note: string): Promise<void>;
  retracting(handoverId: string, note: string): Promise<FunnelFact[]>;
  addCohorts(factId: string, cohorts: readonly string[]): Promise<void>;
  counters(filter: { municipalityCode: string } | { senderOrganisationId: string } | { month: string }): Promise<FunnelCounter[]>;
}
