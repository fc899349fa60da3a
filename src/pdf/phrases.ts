/**
 * The PDFs' own words (titles, table headers, notices) in Danish and English. Everything that
 * names a field or a value of the forms comes from the schemas' labels instead (label-book.ts).
 */
export type Lang = 'da' | 'en';

const PHRASES = {
  titleCoordinating: { da: 'Overdragelse af borgere til kommunen', en: 'Handover of residents to the municipality' },
  titleGp: { da: 'Helbredsoversigt til egen læge', en: 'Health summary for the GP' },
  audienceCoordinating: { da: 'Koordinerende afdeling', en: 'Coordinating department' },
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
  deadlinePermit: { da: 'Opholdstilladelsen udløber', en: 'Residence permit expires' },
  deadlineTemporaryPermit: { da: 'Midlertidig tilladelse (§ 9 c, stk. 3) udløber', en: 'Temporary permit (s. 9 c(3)) ends' },
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
  audienceCoordinatingLower: { da: 'koordinerende afdeling', en: 'coordinating department' },
  audienceGpLower: { da: 'egen læge', en: 'GP' },
  yes: { da: 'Ja', en: 'Yes' },
  no: { da: 'Nej', en: 'No' },
  status: { da: 'Status', en: 'Status' },
  item: { da: 'Nr.', en: 'No.' },
  relations: { da: 'Relationer', en: 'Relations' },
  livesWith: { da: 'Skal bo sammen', en: 'Will live together' },
  sender: { da: 'Afsender', en: 'Sender' },
  recipient: { da: 'Modtager', en: 'Recipient' },
  gpTask: { da: 'Det beder vi lægen om', en: 'What the GP is asked to do' },
  gpTaskOffer: {
    da: 'Udfør den helbredsmæssige vurdering senest {date}. {rule}',
    en: 'Carry out the health assessment by {date}. {rule}',
  },
  gpTaskReturn: {
    da: 'Send resultatet som et signeret skema "health-assessment-result" (version {version}) til POST /v1/health-assessments med overdragelses-id {handoverId} og personreference {personRef}. Koordinerende afdeling ser resultatet kun, hvis borgeren har givet samtykke til det.',
    en: 'Return the result as a signed "health-assessment-result" form (version {version}) to POST /v1/health-assessments with handover id {handoverId} and person reference {personRef}. The coordinating department sees it only with the person\'s consent.',
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
} as const satisfies Record<string, Record<Lang, string>>;

export type PhraseKey = keyof typeof PHRASES;

/** A phrase with {placeholders} filled in. */
export function phrase(key: PhraseKey, lang: Lang, values: Record<string, string | number> = {}): string {
  return PHRASES[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** Every phrase in both languages (the language test checks a PDF against the other language's words). */
export function allPhrases(): readonly Record<Lang, string>[] {
  return Object.values(PHRASES);
}
