/**
 * Every query the request path makes, in one place, with the index that serves it on MongoDB
 * (declared in models.ts) and on FerretDB-on-PostgreSQL (created by ferretdb-pushdown-indexes.ts
 * from this list). The rule they all follow: equality on top-level fields, at most a page of
 * small documents. test/storage/query-plans.test.ts runs each on a store of a few thousand
 * documents and checks from PostgreSQL's plan that it reads an index.
 */

export interface RequestQuery {
  /** Who asks it, for docs/operations.md and the plan test. */
  name: string;
  collection: string;
  /** The top-level fields matched by equality (FerretDB pushes exactly these down). */
  fields: readonly string[];
  /** The MongoDB index that serves it ("_id" is the primary key). */
  mongoIndex: string;
  /** What bounds the answer: one document, or a page. */
  returns: string;
}

const byId = (name: string, collection: string): RequestQuery => ({ name, collection, fields: ['_id'], mongoIndex: '_id', returns: 'one document' });

export const REQUEST_QUERIES: readonly RequestQuery[] = [
  byId('authenticate a credential', 'credentials'),
  byId('an organisation', 'organisations'),
  byId('the signing key of a kid (verify)', 'signing_keys'),
  { name: "an organisation's credentials (admin)", collection: 'credentials', fields: ['organisationId'], mongoIndex: 'organisationId_1', returns: "the organisation's credentials (a few)" },
  { name: "an organisation's keys (admin)", collection: 'signing_keys', fields: ['organisationId'], mongoIndex: 'organisationId_1', returns: "the organisation's keys (a few)" },
  byId('a handover version: metadata, version probes, state', 'handover_versions'),
  { name: "a handover's versions (the version chain, its state)", collection: 'handover_versions', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: "one handover's versions (a few)" },
  byId('the signed bytes of a version', 'handover_contents'),
  byId('the read model of a handover, found with who may read it (fetch one)', 'handover_reads'),
  { name: "a handover's read-model journal: changes the model may not show yet (fetch one)", collection: 'handover_read_changes', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: 'the changes not covered yet (none, or a few)' },
  byId('a withdrawal', 'withdrawals'),
  { name: "a handover's withdrawals", collection: 'withdrawals', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: "one handover's withdrawals (a few)" },
  byId('a feed entry (head probe, orphan check)', 'feed_entries'),
  byId('a feed page: a sealed bucket', 'feed_buckets'),
  { name: 'a feed page: a bucket not yet sealed', collection: 'feed_entries', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'one bucket: at most 100 entries' },
  byId('a feed entry decided (commit, void)', 'feed_decisions'),
  { name: "a feed page: a bucket not yet sealed, its entries' decisions", collection: 'feed_decisions', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'one bucket: at most 100 decisions' },
  byId('a voided entry filed again (refile)', 'feed_refilings'),
  { name: "a feed page's superseded versions", collection: 'superseded_versions', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'at most 100' },
  { name: "a feed page's withdrawn versions", collection: 'withdrawals', fields: ['subjectBucket'], mongoIndex: 'subjectBucket_1', returns: 'at most 100' },
  { name: "a feed page's acknowledgements", collection: 'acknowledgements', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'at most 100' },
  { name: "a feed page's consent changes", collection: 'consent_changes', fields: ['buckets'], mongoIndex: 'buckets_1', returns: 'the changes of at most 100 versions' },
  byId("a party's question list: head probe", 'question_log'),
  { name: "a page of a party's question list", collection: 'question_log', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'at most 100 entries' },
  { name: "a handover's questions, answers and closures", collection: 'question_events', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: "one handover's thread (a few)" },
  { name: 'the consent changes of a handover', collection: 'consent_changes', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: "one handover's changes (a few)" },
  { name: 'the deadline list: the days of a year with deadlines', collection: 'deadline_index', fields: ['year'], mongoIndex: 'year_1', returns: 'at most 366 small documents' },
  { name: "the deadline list: a day's slots", collection: 'deadline_index', fields: ['day'], mongoIndex: 'day_1', returns: "one per feed bucket with that day's deadlines" },
  { name: "the deadline list: a slot's deadlines", collection: 'deadline_entries', fields: ['slot'], mongoIndex: 'slot_1', returns: "at most 100 versions' deadlines of one day" },
  byId('an acknowledgement', 'acknowledgements'),
  byId('a first retrieval', 'retrievals'),
  byId('a GP assignment', 'gp_assignments'),
  { name: "a handover's persons assigned to a GP practice (the coordinating department's briefing and PDF)", collection: 'gp_assignments', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: "one handover's persons (a few)" },
  { name: "a handover's persons assigned to one GP practice (the GP's PDF)", collection: 'gp_assignments', fields: ['handoverId', 'gpOrganisationId'], mongoIndex: 'handoverId_1', returns: "one handover's persons (a few)" },
  { name: "a GP practice's assignments", collection: 'gp_assignments', fields: ['gpOrganisationId'], mongoIndex: 'gpOrganisationId_1', returns: "the practice's patients" },
  byId('a child routed to a unit', 'child_routings'),
  { name: "a children's services unit's children", collection: 'child_routings', fields: ['unitOrganisationId'], mongoIndex: 'unitOrganisationId_1', returns: "the unit's caseload" },
  byId('an assessment result', 'assessment_results'),
  { name: "a handover's assessment results", collection: 'assessment_results', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: "one handover's results (a few)" },
  { name: "a GP practice's assessment results", collection: 'assessment_results', fields: ['gpOrganisationId'], mongoIndex: 'gpOrganisationId_1', returns: "the practice's results" },
  byId("a sender's list: head probe", 'sender_handovers'),
  { name: "a sender's list: a page", collection: 'sender_handovers', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'one bucket: at most 100 handovers' },
  byId('an audit event (head probe)', 'audit_events'),
  { name: 'a page of the audit log', collection: 'audit_events', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'one bucket: at most 100 events' },
  byId("a subscriber's webhook (a municipality's or a sender's)", 'webhooks'),
  byId('a notification', 'outbox_messages'),
  { name: 'due notifications (dispatcher)', collection: 'outbox_messages', fields: ['status'], mongoIndex: 'status_1_nextAttemptAt_1', returns: 'the pending backlog' },
  { name: "a subscriber's deliveries", collection: 'outbox_messages', fields: ['subscriber'], mongoIndex: 'subscriber_1_createdAt_-1', returns: "the subscriber's notifications" },
  { name: 'the orphan sweeper: the notes of one minute (background)', collection: 'sweep_notes', fields: ['minute'], mongoIndex: 'minute_1', returns: 'what was written in one minute and not yet settled' },
  byId('the orphan sweeper: which version references a file (background)', 'attachment_refs'),
  byId('the orphan sweeper: where it resumes (background)', 'sweep_state'),
  { name: 'the records handed on to a municipality in a month', collection: 'record_transfers', fields: ['toMonth'], mongoIndex: 'toMonth_1', returns: "one municipality's transfers in one month" },
  byId("a sender's draft", 'drafts'),
  { name: 'the GP practices (a municipality assigning a GP)', collection: 'organisations', fields: ['type'], mongoIndex: 'type_1_municipalityCode_1', returns: 'the registered practices' },
  { name: "a municipality's children's services units (routing a child)", collection: 'organisations', fields: ['type', 'municipalityCode'], mongoIndex: 'type_1_municipalityCode_1', returns: "the municipality's units (a few)" },
  { name: "a sender's drafts", collection: 'drafts', fields: ['organisationId'], mongoIndex: 'organisationId_1', returns: "the organisation's unfinished handovers (a few)" },
  byId('an attachment file', 'attachments.files'),
  { name: "an attachment's chunks (download)", collection: 'attachments.chunks', fields: ['files_id'], mongoIndex: 'files_id_1_n_1', returns: "one file's chunks" },
  { name: "the funnel: a handover's facts (the derivation worker moving its persons along)", collection: 'funnel_facts', fields: ['handoverId'], mongoIndex: 'handoverId_1', returns: 'a few per person of one handover' },
  byId('the funnel: a fact written once, a counter updated (the derivation worker)', 'funnel_counters'),
  byId('the funnel: a fact probed by the note that wrote it (the derivation worker, after a crash)', 'funnel_facts'),
  // The worker's own query is the whole collection, which holds only the notes not derived yet: no index to keep up on every insert.
  byId('a derivation note: written by a submission, a read, a GP event or a transfer; deleted by the derivation worker', 'derivations'),
  { name: "the funnel: a municipality's counters", collection: 'funnel_counters', fields: ['municipalityCode'], mongoIndex: 'municipalityCode_1', returns: 'one per sender and month' },
  { name: "the funnel: a sender's counters", collection: 'funnel_counters', fields: ['senderOrganisationId'], mongoIndex: 'senderOrganisationId_1', returns: 'one per municipality and month' },
  { name: "the funnel: a month's counters (an auditor)", collection: 'funnel_counters', fields: ['month'], mongoIndex: 'month_1', returns: 'one per municipality and sender' },
  byId("the figures: a handover's share, written and recounted (the derivation worker)", 'figure_facts'),
  { name: "the figures: the shares of one day, municipality and sender (the derivation worker recounting their counter)", collection: 'figure_facts', fields: ['bucket'], mongoIndex: 'bucket_1', returns: 'the handovers one municipality received from one sender on one day (a handful)' },
  byId('the figures: a counter replaced (the derivation worker)', 'figure_counters'),
  { name: "the figures: a municipality's counters of a month", collection: 'figure_counters', fields: ['municipalityCode', 'month'], mongoIndex: 'municipalityCode_1_month_1', returns: 'one per sender and day' },
  { name: "the figures: a sender's counters of a month", collection: 'figure_counters', fields: ['senderOrganisationId', 'month'], mongoIndex: 'senderOrganisationId_1_month_1', returns: 'one per municipality and day' },
  { name: "the figures: a month's counters (an auditor)", collection: 'figure_counters', fields: ['month'], mongoIndex: 'month_1', returns: 'one per municipality, sender and day' },
];
