/**
 * The PDFs' own words (titles, table headers, notices) in Danish and English. Everything that
 * names a field or a value of the forms comes from the schemas' labels instead (label-book.ts).
 */
export type Lang = 'da' | 'en';

const PHRASES = {
  titleCoordinating: { da: 'Overdragelse af borgere til kommunen', en: 'Handover of residents to the municipality' },
  titleGp: { da: 'Helbredsoversigt til egen læge', en: 'Health summary for the GP' },
  // The body's name as the schemas' consent audiences name it (one name per body in a PDF).
  audienceCoordinating: { da: 'Koordineringsansvarlig forvaltning', en: 'Coordinating department' },
  audienceGp: { da: 'Egen læge', en: 'GP' },
  confidential: { da: 'Fortroligt', en: 'Confidential' },
  page: { da: 'Side {x} af {y}', en: 'Page {x} of {y}' },
  handover: { da: 'Overdragelse', en: 'Handover' },
  version: { da: 'version', en: 'version' },
  receipt: { da: 'kvittering', en: 'receipt' },
  notReceived: { da: 'ikke modtaget (offline-udskrift)', en: 'not received (offline rendering)' },
  signedSha256: { da: 'SHA-256 af den signerede overdragelse', en: 'SHA-256 of the signed handover' },
  receivedAt: { da: 'Modtaget', en: 'Received' },
  versionStatus: { da: 'Versionens status', en: 'Status of this version' },
  statusCurrent: { da: 'gældende', en: 'current' },
  statusSuperseded: { da: 'erstattet af en nyere version', en: 'superseded by a newer version' },
  statusWithdrawn: { da: 'TILBAGEKALDT af afsender', en: 'WITHDRAWN by the sender' },
  householdAtAGlance: { da: 'Husstanden', en: 'The household' },
  person: { da: 'Person', en: 'Person' },
  toPerson: { da: 'Til person', en: 'To person' },
  name: { da: 'Navn', en: 'Name' },
  age: { da: 'Alder', en: 'Age' },
  years: { da: 'år', en: 'years' },
  estimated: { da: 'anslået', en: 'estimated' },
  urgent: { da: 'Haster', en: 'Urgent' },
  birthKnownToYear: { da: 'fødselsdato kendt til året: tidligst mulige dato', en: 'date of birth known to the year: earliest possible date' },
  birthKnownToMonth: { da: 'fødselsdato kendt til måneden: tidligst mulige dato', en: 'date of birth known to the month: earliest possible date' },
  pregnancyOnDate: { da: 'Graviditeten den {date} (modtaget): ca. uge {weeks}', en: 'Pregnancy on {date} (received): about week {weeks}' },
  noUrgentFlags: { da: 'Ingen hastende forhold er angivet.', en: 'No urgent matters are flagged.' },
  deadlines: { da: 'Frister', en: 'Deadlines' },
  date: { da: 'Dato', en: 'Date' },
  what: { da: 'Hvad', en: 'What' },
  detail: { da: 'Detaljer', en: 'Details' },
  deadlineOffer: { da: 'Helbredsmæssig vurdering skal tilbydes senest', en: 'Health assessment to be offered by' },
  deadlineOfferMandatory: { da: 'obligatorisk tilbud', en: 'mandatory offer' },
  deadlineOfferNeedsBased: { da: 'tilbud efter behov', en: 'offer based on need' },
  deadlineTurns18: { da: 'Fylder 18 år', en: 'Turns 18' },
  deadlineMedication: { da: 'Medicin slipper op', en: 'Medication runs out' },
  deadlineMedicationUnknown: { da: 'Medicinens rækkevidde ukendt: tjek ved ankomst', en: 'Medication supply end unknown: check on arrival' },
  medicationWarning: {
    da: '{name}{group}: {unknown}. Må ikke slippe op eller afbrydes uden lægens vurdering: tjek forsyningen ved ankomst.',
    en: '{name}{group}: {unknown}. Must not run out or be interrupted without a doctor deciding so: check the supply on arrival.',
  },
  notKnown: { da: 'Ukendt', en: 'Not known' },
  medicationSupplyEndUnknown: { da: 'rækkevidde ukendt', en: 'supply end unknown' },
  medicationInterruptUnknown: { da: 'ukendt om den må afbrydes', en: 'not known whether it may be interrupted' },
  criticalPsychiatric: { da: 'psykofarmaka', en: 'psychiatric medicine' },
  criticalAnticoagulant: { da: 'blodfortyndende', en: 'anticoagulant' },
  criticalInsulin: { da: 'insulin', en: 'insulin' },
  criticalAntiepileptic: { da: 'antiepileptikum', en: 'antiepileptic' },
  criticalHiv: { da: 'hiv-behandling', en: 'HIV treatment' },
  criticalTuberculosis: { da: 'tuberkulosebehandling', en: 'tuberculosis treatment' },
  deadlinePermit: { da: 'Opholdstilladelsen udløber', en: 'Residence permit expires' },
  deadlineTemporaryPermit: { da: 'Midlertidig tilladelse (§ 9 c, stk. 3) udløber', en: 'Temporary permit (§ 9c(3)) ends' },
  mustNotInterrupt: { da: 'må ikke afbrydes', en: 'must not be interrupted' },
  withheldDetail: { da: '(tilbageholdt: samtykke mangler)', en: '(withheld: consent missing)' },
  completeness: { da: 'Fuldstændighed', en: 'Completeness' },
  completenessScore: { da: 'Udfyldt: {score} af 100', en: 'Completed: {score} of 100' },
  completenessNone: { da: 'Alle afsnit er besvaret.', en: 'Every section is answered.' },
  completenessIntro: {
    da: 'Afsnit uden vurdering er ikke det samme som "intet at bemærke". Disse afsnit er ikke vurderet eller er afslået:',
    en: 'A section without an assessment does not mean "nothing to note". These sections were not assessed or were declined:',
  },
  section: { da: 'Afsnit', en: 'Section' },
  notAssessed: { da: 'Ikke vurderet', en: 'Not assessed' },
  declined: { da: 'Afslået af borgeren', en: 'Declined by the person' },
  reason: { da: 'Årsag', en: 'Reason' },
  expectedBy: { da: 'forventes vurderet', en: 'expected by' },
  consentStatus: { da: 'Samtykke til deling', en: 'Consent to sharing' },
  scopeSocial: { da: 'sociale oplysninger', en: 'social information' },
  scopeHealth: { da: 'helbredsoplysninger', en: 'health information' },
  none: { da: 'intet', en: 'none' },
  consentChanged: { da: 'Samtykke ændret efter overdragelsen; ændringen er lagt til grund.', en: 'Consent changed after the handover; the change applies.' },
  attachments: { da: 'Bilag', en: 'Attachments' },
  noAttachments: { da: 'Ingen bilag.', en: 'No attachments.' },
  size: { da: 'Størrelse', en: 'Size' },
  socialInformation: { da: 'Socialoplysninger', en: 'Social information' },
  healthScreening: { da: 'Helbredsoplysninger', en: 'Health screening' },
  healthWithheld: {
    da: 'Helbredsoplysninger vises ikke: personens samtykke dækker ikke deling med {audience}.',
    en: 'Health information is not shown: the person has not consented to sharing it with the {audience}.',
  },
  titleChildHealthVisitors: { da: 'Oplysninger om barnet til sundhedsplejen', en: 'About the child, for the health visitors' },
  titleChildSchoolPsychology: { da: 'Oplysninger om barnet til PPR', en: 'About the child, for school psychology (PPR)' },
  audienceHealthVisitors: { da: 'Sundhedsplejen', en: 'Health visitors' },
  audienceSchoolPsychology: { da: 'PPR', en: 'School psychology (PPR)' },
  childServicesScope: {
    da: 'Kun de afsnit om barnet, som {audience} skal bruge, og kun hvor samtykket dækker {audience}. Intet andet fra overdragelsen.',
    en: 'Only the sections about the child that {audience} needs, and only where the consent covers {audience}. Nothing else of the handover.',
  },
  socialWithheld: { da: 'Sociale oplysninger vises ikke: samtykket dækker ikke {audience}.', en: 'Social information is not shown: the consent does not cover {audience}.' },
  audienceCoordinatingLower: { da: 'koordineringsansvarlig forvaltning', en: 'coordinating department' },
  audienceGpLower: { da: 'egen læge', en: 'GP' },
  yes: { da: 'Ja', en: 'Yes' },
  no: { da: 'Nej', en: 'No' },
  status: { da: 'Status', en: 'Status' },
  item: { da: 'Nr.', en: 'No.' },
  relations: { da: 'Relationer', en: 'Relations' },
  livesWith: { da: 'Skal bo sammen', en: 'Will live together' },
  sender: { da: 'Afsender', en: 'Sender' },
  recipient: { da: 'Modtager', en: 'Recipient' },
  handedOn: {
    da: 'Videregivet fra {from} til {to} den {at}, da {persons} flyttede ({movedOn}). Kun de flyttede personer vises.',
    en: 'Handed on from {from} to {to} on {at}, when {persons} moved ({movedOn}). Only the persons who moved are shown.',
  },
  handedOnReason: { da: 'Begrundelse: {reason}', en: 'Reason: {reason}' },
  attachmentDigests: { da: 'Bilagenes SHA-256 (til kontrol af filerne)', en: 'SHA-256 of the attachments (to check the files)' },
  gpTask: { da: 'Det beder vi lægen om', en: 'What the GP is asked to do' },
  gpTaskOffer: {
    da: 'Udfør den helbredsmæssige vurdering senest {date}. {rule}',
    en: 'Carry out the health assessment by {date}. {rule}',
  },
  gpTaskReturn: {
    da: 'Resultatet af den helbredsmæssige vurdering sendes tilbage med resultatskemaet på personens side i tjenesten. Den koordineringsansvarlige forvaltning ser resultatet kun, hvis borgeren har givet samtykke til det.',
    en: "The result of the health assessment is returned with the result form on the person's page in the service. The coordinating department sees it only with the person's consent.",
  },
  gpNoConsent: {
    da: 'Person {personRef}: borgeren har ikke givet samtykke til at dele helbredsoplysninger med egen læge. Oversigten indeholder derfor ingen oplysninger om personen.',
    en: 'Person {personRef}: the person has not consented to sharing health information with the GP, so this summary holds nothing about them.',
  },
  gpNoPersons: { da: 'Ingen personer i denne overdragelse er tilknyttet praksis.', en: 'No person in this handover is assigned to the practice.' },
  identity: { da: 'Identitet', en: 'Identity' },
  languageAndInterpreter: { da: 'Sprog og tolkebehov', en: 'Language and interpreter' },
  urgentForPerson: { da: 'Hastende forhold', en: 'Urgent matters' },
  otherHealth: { da: 'Øvrige helbredsoplysninger', en: 'Other health information' },
  agendaTitle: { da: 'Dagsorden for overdragelsesmødet', en: 'Agenda for the handover meeting' },
  audienceMeeting: { da: 'Overdragelsesmøde', en: 'Handover meeting' },
  agendaArrival: { da: 'Forventet ankomst', en: 'Expected arrival' },
  agendaPersons: { da: 'Personer og tolkebehov', en: 'Persons and interpreters' },
  agendaInterpreter: { da: 'Tolk', en: 'Interpreter' },
  agendaNoInterpreter: { da: 'ikke nødvendig', en: 'not needed' },
  agendaInterpreterUnknown: { da: 'ikke oplyst', en: 'not stated' },
  agendaDeadlines: { da: 'Frister de næste {days} dage og overskredne', en: 'Deadlines in the next {days} days, and overdue ones' },
  agendaNoDeadlines: { da: 'Ingen frister i perioden.', en: 'No deadlines in this period.' },
  agendaOverdue: { da: 'overskredet', en: 'overdue' },
  agendaNotAssessed: { da: 'Ikke vurderet eller afslået', en: 'Not assessed or declined' },
  agendaDisagreements: { da: 'Uenighed i husstanden', en: 'Disagreements in the household' },
  agendaNoDisagreements: { da: 'Ingen uenighed er angivet.', en: 'No disagreement is recorded.' },
  agendaQuestions: { da: 'Åbne spørgsmål', en: 'Open questions' },
  agendaNoQuestions: { da: 'Ingen åbne spørgsmål.', en: 'No open questions.' },
  agendaQuestionState: { da: 'besvaret, ikke lukket', en: 'answered, not closed' },
  agendaOutcome: { da: 'Mødets resultat', en: 'Outcome of the meeting' },
  agendaOutcomeHow: {
    da: 'Afsender registrerer resultatet i afsnittet "Overdragelsesmøde" i næste version af overdragelsen.',
    en: 'The sender records the outcome in the "Handover meeting" section of the next version of the handover.',
  },
  agendaDate: { da: 'Mødedato', en: 'Meeting date' },
  agendaParticipants: { da: 'Deltagere', en: 'Participants' },
  agendaNotGiven: { da: 'ikke angivet', en: 'not given' },
  agendaConversation: { da: 'Sådan taler I med personen', en: 'How to speak with the person' },
  agendaOffer: { da: 'Helbredsmæssig vurdering skal tilbydes senest {date} ({how}): {persons}', en: 'Health assessment to be offered by {date} ({how}): {persons}' },
  agendaChildren: { da: 'Børnene: dagtilbud og skole, PPR, sundhedspleje og hjælpemidler', en: 'The children: daycare and school, PPR, health visitors and aids' },
  agendaAids: { da: 'Hjælpemidler', en: 'Aids' },
  agendaTrauma: { da: 'Henvisning til traumebehandling, der afventer', en: 'Referrals to trauma rehabilitation still pending' },
  agendaConsentLimits: { da: 'Samtykke: hvem må ikke se hvad', en: 'Consent: who may not see what' },
  agendaNoConsentLimits: { da: 'Samtykket dækker alle modtagere.', en: 'The consent covers every recipient.' },
  agendaMayNotSee: { da: '{audience} må ikke se {scopes} om {persons}.', en: '{audience} may not see {scopes} about {persons}.' },
  agendaAnd: { da: 'og', en: 'and' },
  agendaEveryone: { da: 'hele husstanden', en: 'the whole household' },
  agendaSections: { da: 'Afsnit', en: 'Sections' },
  agendaPersonsColumn: { da: 'Personer', en: 'Persons' },
} as const satisfies Record<string, Record<Lang, string>>;

export type PhraseKey = keyof typeof PHRASES;

/** A phrase with {placeholders} filled in. */
export function phrase(key: PhraseKey, lang: Lang, values: Record<string, string | number> = {}): string {
  return PHRASES[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

const DATE_TIME: Record<Lang, Intl.DateTimeFormat> = {
  da: new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};

/**
 * A moment as people in Denmark read it, in Danish time: "6. december 2026 kl. 23.09" or
 * "6 December 2026, 23:09". One format per language for every date-time a PDF prints.
 */
export function dateTime(iso: string, lang: Lang): string {
  const parts = Object.fromEntries(DATE_TIME[lang].formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return lang === 'da' ? `${parts.day}. ${parts.month} ${parts.year} kl. ${parts.hour}.${parts.minute}` : `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

/** Every phrase in both languages (the language test checks a PDF against the other language's words). */
export function allPhrases(): readonly Record<Lang, string>[] {
  return Object.values(PHRASES);
}
