/** What the API answers (response-schemas.ts), part: figures and the funnel, children's services, sessions, transfers, retention, drafts, webhooks, the audit log and the administration. */
import { FUNNEL_COHORTS, FUNNEL_STAGES } from '../../domain/funnel.js';
import { string, integer, boolean, dateTime, date, birthDate, nullable, ref, object, arrayOf, draftSummary, page } from './response-schema-kit.js';

export const ACCOUNT_RESPONSE_SCHEMAS: Record<string, object> = {
  Figures: (() => {
    const count = nullable(integer);
    const stat = nullable({ type: 'number' });
    const timing = (extra: string[]) => object(['count', 'medianHours', 'p90Hours', ...extra], { count, medianHours: stat, p90Hours: stat, ...Object.fromEntries(extra.map((k) => [k, count])) });
    return {
      ...object(['period', 'generatedAt', 'suppressBelow', 'groups'], {
        period: object(['from', 'to'], { from: dateTime, to: dateTime }),
        generatedAt: dateTime,
        suppressBelow: integer,
        groups: arrayOf(
          object(['scope', 'id', 'handoversReceived', 'persons', 'firstRetrieval', 'acknowledgement', 'mentalHealth', 'completeness', 'openQuestions'], {
            scope: { enum: ['sender', 'municipality'] },
            id: string,
            handoversReceived: count,
            persons: count,
            firstRetrieval: timing(['notYetRetrieved']),
            acknowledgement: timing(['refused', 'notYetAcknowledged']),
            mentalHealth: object(['assessed', 'withFindings', 'noFindings', 'notAssessed', 'notAssessedByReason', 'declined', 'notApplicable', 'assessedShare', 'withFindingsShare'], {
              assessed: count,
              withFindings: count,
              noFindings: count,
              notAssessed: count,
              notAssessedByReason: { type: 'object', additionalProperties: count },
              declined: count,
              notApplicable: count,
              assessedShare: stat,
              withFindingsShare: stat,
            }),
            completeness: object(['medianScore', 'distribution'], { medianScore: stat, distribution: { type: 'object', additionalProperties: count } }),
            openQuestions: object(['count', 'medianAgeDays', 'oldestAgeDays'], { count, medianAgeDays: stat, oldestAgeDays: stat }),
          }),
        ),
      }),
      description: 'counts are null where 1 to suppressBelow - 1 (so that no person can be singled out), and so is every statistic built on them',
    };
  })(),
  ChildRouting: object(['handoverId', 'personRef', 'unitOrganisationId', 'audience', 'routedAt', 'routedBy'], {
    handoverId: string,
    personRef: string,
    unitOrganisationId: string,
    audience: { enum: ['health-visitors', 'school-psychology'] },
    routedAt: dateTime,
    routedBy: string,
  }),
  ChildList: object(['audience', 'children'], {
    audience: { enum: ['health-visitors', 'school-psychology'] },
    children: arrayOf(object(['handoverId', 'personRef', 'name', 'age', 'routedAt', 'href'], { handoverId: string, personRef: string, name: string, age: integer, dateOfBirthEstimated: boolean, routedAt: dateTime, href: string })),
  }),
  ChildView: object(['handoverId', 'version', 'personRef', 'audience', 'name', 'dateOfBirth', 'age', 'social', 'health'], {
    handoverId: string,
    version: integer,
    personRef: string,
    audience: { enum: ['health-visitors', 'school-psychology'] },
    name: string,
    dateOfBirth: birthDate,
    age: integer,
    social: { type: 'object', description: "the audience's social sections, or {status: withheld, reason: consent-missing}" },
    health: { type: 'object', description: "the audience's health sections, or {status: withheld, reason: consent-missing}" },
  }),
  Session: object(['organisationId', 'organisationName', 'role'], { organisationId: string, organisationName: string, organisationType: string, role: string, municipalityCode: string, person: object(['id', 'name'], { id: string, name: string }) }),
  SignInOrganisations: object(['items', 'demoSignIn'], { items: arrayOf(object(['organisationId', 'name'], { organisationId: string, name: string })), demoSignIn: { type: 'boolean' } }),
  IdentityProvider: object(['organisationId', 'issuer', 'clientId', 'clientSecret', 'role', 'updatedAt'], { organisationId: string, issuer: string, clientId: string, clientSecret: { enum: ['set', 'none'] }, role: string, updatedAt: dateTime }),
  Transfer: object(['transferId', 'handoverId', 'version', 'fromMunicipalityCode', 'toMunicipalityCode', 'personRefs', 'movedOn', 'transferredAt', 'receiptId'], {
    transferId: string,
    handoverId: string,
    version: integer,
    fromMunicipalityCode: string,
    toMunicipalityCode: string,
    personRefs: arrayOf(string),
    movedOn: date,
    reason: string,
    transferredAt: dateTime,
    transferredBy: string,
    receiptId: string,
    receipt: { type: 'string', description: 'the signed transfer receipt (compact JWS by the service key)' },
  }),
  Transfers: object(['month', 'items'], { month: string, items: arrayOf(ref('Transfer')) }),
  TransferredRecord: object(['transfer', 'version', 'jwsSha256', 'healthWithheldFor', 'document', 'assessmentResults'], {
    transfer: ref('Transfer'),
    version: integer,
    jwsSha256: string,
    healthWithheldFor: arrayOf(string),
    document: { type: 'object' },
    assessmentResults: arrayOf(object(['resultId', 'personRef', 'receivedAt'], { resultId: string, personRef: string, receivedAt: dateTime, document: { type: 'object' }, withheld: { type: 'object' } })),
  }),
  RetentionOverview: object(['rules', 'counts'], {
    rules: arrayOf(object(['kind', 'records', 'keep', 'action', 'legalBasis', 'text'], { kind: string, records: string, keep: { type: 'object' }, action: string, legalBasis: object(['da', 'en'], { da: string, en: string }), text: object(['da', 'en'], { da: string, en: string }) })),
    counts: object(['scheduled', 'softDeleted', 'purged'], { scheduled: integer, softDeleted: integer, purged: integer }),
  }),
  RetentionRun: object(['filed', 'refiled', 'draftsRemoved', 'softDeleted', 'purged'], { filed: integer, refiled: integer, draftsRemoved: integer, softDeleted: arrayOf(string), purged: arrayOf(string) }),
  DraftSummary: draftSummary,
  DraftList: object(['items'], { items: arrayOf(draftSummary) }),
  Draft: object(['draftId', 'persons', 'savedAt', 'expiresAt', 'document'], { ...draftSummary.properties, document: { type: 'object' } }),
  ChildServicesUnits: object(['items'], { items: arrayOf(object(['organisationId', 'name', 'audience'], { organisationId: string, name: string, audience: { enum: ['health-visitors', 'school-psychology'] } })) }),
  GpPracticeList: object(['items'], { items: arrayOf(object(['organisationId', 'name'], { organisationId: string, name: string })) }),
  Tombstone: object(['handoverId', 'kind', 'dueOn', 'softDeletedAt', 'purgeOn', 'versions'], {
    handoverId: string,
    kind: { enum: ['handover-content', 'withdrawn-handover'] },
    dueOn: date,
    softDeletedAt: dateTime,
    purgeOn: date,
    purgedAt: dateTime,
    versions: arrayOf(
      object(['version', 'jwsSha256', 'receivedAt', 'attachments'], { version: integer, jwsSha256: string, receiptId: string, receivedAt: dateTime, withdrawnAt: dateTime, attachments: arrayOf(object(['sha256', 'size'], { sha256: string, size: integer })) }),
    ),
  }),
  FiguresCsv: { type: 'string', description: 'the same figures as CSV, one row per group; suppressed counts as "<5"' },
  Funnel: (() => {
    const stages = object([...FUNNEL_STAGES], Object.fromEntries(FUNNEL_STAGES.map((s) => [s, nullable(integer)])));
    const funnel = object([...FUNNEL_COHORTS], Object.fromEntries(FUNNEL_COHORTS.map((c) => [c, stages])));
    const month = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' };
    return object(['period', 'generatedAt', 'suppressBelow', 'groups'], {
      period: object(['from', 'to'], { from: month, to: month }),
      generatedAt: dateTime,
      suppressBelow: integer,
      groups: arrayOf(object(['scope', 'id', 'total', 'months'], { scope: { enum: ['sender', 'municipality'] }, id: string, total: funnel, months: arrayOf(object(['month', 'funnel'], { month, funnel })) })),
    });
  })(),
  FunnelCsv: { type: 'string', description: 'the same funnel as CSV: scope, id, month ("all" for the period, then each month), then one column per cohort and stage ("mentalHealthFindings:retrieved"); suppressed counts as "<5"' },
  FhirBundle: {
    type: 'object',
    description: 'a FHIR R4 Bundle of type document: a Composition first, then the resources it references (https://hl7.org/fhir/R4/bundle.html)',
    required: ['resourceType', 'type', 'timestamp', 'entry'],
    properties: {
      resourceType: { const: 'Bundle' },
      type: { const: 'document' },
      timestamp: dateTime,
      entry: arrayOf(object(['fullUrl', 'resource'], { fullUrl: string, resource: object(['resourceType'], { resourceType: string }) })),
    },
  },
  Webhook: object(['url'], { url: string }),
  WebhookDeliveries: { type: 'object' },
  WebhookRetries: { type: 'object' },
  AuditPage: page(object(['seq', 'at', 'action', 'hash'], { seq: integer, at: dateTime, action: string, hash: string, prevHash: string })),
  Organisation: object(['id', 'type', 'name'], { id: string, type: string, name: string, municipalityCode: string, createdAt: dateTime }),
  Organisations: object(['organisations'], { organisations: arrayOf(ref('Organisation')) }),
  SigningKey: object(['kid', 'organisationId', 'alg', 'publicJwk', 'fingerprint', 'validFrom'], {
    kid: string,
    organisationId: string,
    alg: string,
    publicJwk: { type: 'object' },
    fingerprint: string,
    validFrom: dateTime,
    validUntil: dateTime,
    revokedAt: dateTime,
    revocationReason: string,
    state: { enum: ['not-yet-valid', 'active', 'expiring', 'expired', 'revoked'] },
  }),
  SigningKeys: object(['keys'], { keys: arrayOf(ref('SigningKey')) }),
  Credential: {
    type: 'object',
    description: 'a credential as shown: never its secret or the secret hash',
    required: ['id', 'organisationId', 'role', 'createdAt', 'state'],
    properties: {
      // Never shown: the secret's hash, or the token (it is in the answer that issues it, once).
      secretHash: false,
      token: false,
      id: string,
      organisationId: string,
      role: string,
      label: string,
      createdAt: dateTime,
      expiresAt: dateTime,
      revokedAt: dateTime,
      lastUsedAt: dateTime,
      state: { enum: ['active', 'expiring', 'expired', 'revoked'] },
    },
  },
  Credentials: object(['credentials'], { credentials: arrayOf(ref('Credential')) }),
  IssuedCredential: object(['credential', 'token'], { credential: ref('Credential'), token: { type: 'string', pattern: '^hx1\\.[0-9a-f]{24}\\.[A-Za-z0-9_-]{43}$', description: 'shown once: store it in a secret store' } }),
};
