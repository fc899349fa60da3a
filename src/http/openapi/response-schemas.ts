/**
 * The JSON Schemas of what the API answers (OpenAPI components): written once here, used by the
 * served OpenAPI document and, through it, by the tests that validate every response they get.
 * Responses may grow new members (clients ignore what they do not know), so objects here are
 * open; what a client relies on is required and typed.
 */
import { PROBLEMS } from '../../errors.js';
import { FUNNEL_COHORTS, FUNNEL_STAGES } from '../../domain/funnel.js';

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const boolean = { type: 'boolean' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const date = { type: 'string', format: 'date' } as const;
/** A date of birth as the 1.2 forms take it: a year, a year and month, or a full date. */
const birthDate = { type: 'string', pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$' } as const;
const nullable = <T extends object>(s: T) => ({ oneOf: [s, { type: 'null' }] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const object = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties });
const arrayOf = (items: unknown) => ({ type: 'array', items });
const draftSummary = object(['draftId', 'persons', 'savedAt', 'expiresAt'], { draftId: string, persons: arrayOf(string), municipalityCode: string, savedAt: dateTime, expiresAt: dateTime });

/** A page of one of the lists (feed, a sender's handovers, audit log): the one pagination contract. */
const page = (item: unknown) => object(['items', 'next', 'resumeAfter'], { items: arrayOf(item), next: nullable(string), resumeAfter: string });

export const RESPONSE_SCHEMAS: Record<string, object> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details; `code` is the stable problem type (docs/problems.md lists each)',
    required: ['type', 'title', 'status', 'code', 'instance'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: string,
      status: { type: 'integer', minimum: 400, maximum: 599 },
      code: { enum: Object.keys(PROBLEMS) },
      detail: string,
      instance: string,
      errors: arrayOf(object(['pointer', 'message'], { pointer: string, keyword: string, message: string })),
    },
  },
  Status: object(['status'], { status: string }),
  SchemaList: object(['schemas'], { schemas: arrayOf(object(['name', 'version', 'id', 'href'], { name: string, version: string, id: string, title: string, href: string })) }),
  JsonSchema: { type: 'object', description: 'a published JSON Schema (draft 2020-12) of the standard' },
  Jwks: object(['keys'], { keys: arrayOf(object(['kty'], { kty: string, kid: string, alg: string, use: string })) }),
  ValidationResult: {
    type: 'object',
    required: ['valid'],
    properties: {
      valid: boolean,
      documentType: string,
      schemaVersion: string,
      errors: arrayOf(object(['pointer', 'message'], { pointer: string, keyword: string, message: string })),
      completeness: { type: 'object' },
      deadlines: arrayOf({ type: 'object' }),
    },
  },
  Receipt: {
    type: 'object',
    description: 'the signed receipt (`receipt`, a compact JWS by the service key: verify with /.well-known/jwks.json) and its claims',
    required: ['receipt', 'receiptId', 'handoverId', 'version', 'receivedAt'],
    properties: { receipt: string, receiptId: string, handoverId: string, version: integer, receivedAt: dateTime, jwsSha256: string },
  },
  Versions: object(['handoverId', 'versions'], { handoverId: string, versions: arrayOf({ type: 'object', required: ['version'], properties: { version: integer } }) }),
  SenderHandoverPage: page({ type: 'object', required: ['handoverId'], properties: { handoverId: string } }),
  FeedPage: page({ type: 'object', required: ['handoverId'], properties: { handoverId: string, version: integer } }),
  Deadlines: object(['deadlines'], { deadlines: arrayOf(object(['date', 'kind'], { date, kind: string, personRef: string, personName: string, handoverId: string, overdue: boolean })) }),
  Handover: object(['handoverId', 'version', 'document'], {
    handoverId: string,
    version: integer,
    document: { type: 'object', description: 'the handover document (schema: /v1/schemas/handover/<version>), health sections withheld where consent does not cover the reader' },
    attachments: arrayOf({ type: 'object', required: ['href'], properties: { href: string } }),
  }),
  Briefing: object(['handoverId', 'version', 'schemaVersion', 'lang', 'header', 'persons'], {
    handoverId: string,
    version: integer,
    schemaVersion: string,
    lang: { enum: ['da', 'en'] },
    header: arrayOf(object(['label', 'text'], { label: string, text: string })),
    persons: arrayOf(
      object(['personRef', 'name', 'dateOfBirth', 'summary', 'groups', 'notAssessed'], {
        personRef: string,
        name: string,
        nameInOriginalScript: string,
        dateOfBirth: birthDate,
        summary: string,
        healthWithheld: string,
        groups: arrayOf(object(['key', 'title', 'topics'], { key: string, title: string, topics: arrayOf(object(['title', 'lines'], { title: string, lines: arrayOf(object(['label', 'text'], { label: string, text: string })) })), noFindings: arrayOf(string) })),
        notAssessed: arrayOf(object(['label', 'text'], { label: string, text: string })),
      }),
    ),
  }),
  HandoverStatus: object(['handoverId', 'versions', 'household'], {
    handoverId: string,
    // The current version's persons by name, so a sender finds a handover in its list by who it is about.
    household: arrayOf(string),
    versions: arrayOf({ type: 'object', required: ['version'], properties: { version: integer } }),
  }),
  DeliveryReceipt: object(['receipt', 'receiptId', 'handoverId', 'version', 'acknowledgedAt', 'outcome'], { receipt: string, receiptId: string, handoverId: string, version: integer, acknowledgedAt: dateTime, outcome: { enum: ['ok', 'error', 'fatal'] }, reason: string, pointers: arrayOf(string) }),
  Question: object(['number', 'state', 'version', 'text', 'pointers', 'askedAt', 'askedBy', 'answers', 'closedAt'], {
    number: integer,
    state: { enum: ['open', 'answered', 'closed'] },
    version: integer,
    text: string,
    pointers: arrayOf(string),
    askedAt: dateTime,
    askedBy: object(['organisationId'], { organisationId: string, caseworker: string }),
    answers: arrayOf(object(['at', 'by'], { at: dateTime, by: string, text: string, version: integer })),
    closedAt: nullable(dateTime),
  }),
  MeetingAgenda: object(['handoverId', 'version', 'date', 'participants', 'persons', 'urgent', 'deadlines', 'healthAssessmentOffer', 'children', 'traumaReferrals', 'conversationNotes', 'consentLimits', 'notAssessed', 'disagreements', 'openQuestions', 'outcome'], {
    handoverId: string,
    version: integer,
    municipalityCode: string,
    date,
    participants: arrayOf(string),
    healthAssessmentOffer: arrayOf(object(['personRef', 'date', 'mandatory'], { personRef: string, date, mandatory: boolean })),
    children: arrayOf(object(['personRef', 'age', 'aids'], { personRef: string, age: integer, childcareAndSchool: { type: 'object' }, forHealthVisitors: string, traumaSigns: string, aids: arrayOf(string) })),
    traumaReferrals: arrayOf(object(['personRef', 'state'], { personRef: string, state: string, referredTo: string, referredOn: date, waitingListSince: date })),
    conversationNotes: arrayOf(object(['personRef', 'text'], { personRef: string, text: string })),
    consentLimits: arrayOf(object(['personRef', 'audience', 'notCovered'], { personRef: string, audience: string, notCovered: arrayOf({ enum: ['social', 'health'] }) })),
    expectedArrival: object(['date'], { date, place: string }),
    persons: arrayOf(object(['personRef', 'name', 'interpreter'], { personRef: string, name: string, interpreter: { type: 'object' } })),
    urgent: arrayOf(object(['personRef', 'type', 'description'], { personRef: string, type: string, date, description: string })),
    deadlines: arrayOf(object(['personRef', 'kind', 'date', 'overdue'], { personRef: string, kind: string, date, overdue: boolean })),
    notAssessed: arrayOf(object(['personRef', 'pointer', 'kind'], { personRef: string, pointer: string, kind: { enum: ['not-assessed', 'declined'] }, reason: string })),
    disagreements: arrayOf(object(['personRef', 'text'], { personRef: string, text: string })),
    openQuestions: arrayOf(object(['number', 'state', 'text'], { number: integer, state: { enum: ['open', 'answered'] }, text: string, pointers: arrayOf(string), askedAt: dateTime })),
    outcome: object(['recordAs'], { recordAs: string }),
  }),
  QuestionThread: object(['handoverId', 'questions'], { handoverId: string, questions: arrayOf(ref('Question')) }),
  QuestionPage: page({ allOf: [ref('Question'), object(['handoverId'], { handoverId: string })] }),
  ConsentChange: { type: 'object', required: ['personRef', 'audience', 'action'], properties: { personRef: string, audience: string, action: string } },
  GpAssignment: { type: 'object', required: ['personRef', 'gpOrganisationId'], properties: { personRef: string, gpOrganisationId: string } },
  HealthAssessments: object(['results'], { results: arrayOf({ type: 'object' }) }),
  GpPersons: object(['persons'], { persons: arrayOf(object(['handoverId', 'personRef'], { handoverId: string, personRef: string })) }),
  GpSummary: object(['handoverId', 'personRef'], { handoverId: string, personRef: string }),
  GpClinicalSummary: object(['handoverId', 'version', 'personRef', 'lang', 'title', 'name', 'summary', 'urgent', 'deadlines', 'language', 'sections', 'household', 'notAssessed', 'headings'], {
    handoverId: string,
    version: integer,
    personRef: string,
    lang: { enum: ['da', 'en'] },
    title: string,
    name: string,
    nameInOriginalScript: string,
    summary: string,
    urgent: arrayOf(object(['label', 'text'], { label: string, text: string })),
    deadlines: arrayOf(object(['label', 'text'], { label: string, text: string })),
    language: arrayOf(object(['label', 'text'], { label: string, text: string })),
    sections: arrayOf(object(['key', 'title', 'topics'], { key: { enum: ['problems', 'medications', 'allergies', 'tests', 'screenings', 'vaccinations', 'pregnancy', 'referrals', 'other'] }, title: string, topics: arrayOf(object(['title', 'lines'], { title: string, lines: arrayOf(object(['label', 'text'], { label: string, text: string })) })), noFindings: arrayOf(string) })),
    household: arrayOf(object(['label', 'text'], { label: string, text: string })),
    notAssessed: arrayOf(object(['label', 'text'], { label: string, text: string })),
    headings: object(['urgent', 'deadlines', 'language', 'household', 'householdNote', 'notAssessed', 'noFindings', 'resultTask'], { urgent: string, deadlines: string, language: string, household: string, householdNote: string, notAssessed: string, noFindings: string, resultTask: string }),
  }),
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
