/** The step-by-step form's own words and its messages, in Danish and English (the standard's labels come from the schemas). */
import type { Lang } from './i18n';

const words = {
  draftOfHandover: { da: 'Kladde til ny overdragelse, fortsat', en: 'Draft of a new handover, continued' },
  draftOfVersion: { da: 'Kladde til ny version ({version}), fortsat', en: 'Draft of new version ({version}), continued' },
  yes: { da: 'Ja', en: 'Yes' },
  no: { da: 'Nej', en: 'No' },
  notAnswered: { da: 'Ikke besvaret', en: 'Not answered' },
  choose: { da: 'Vælg', en: 'Choose' },
  required: { da: 'skal udfyldes', en: 'required' },
  dateHint: { da: 'Hele datoen som ÅÅÅÅ-MM-DD, f.eks. 2024-09-30 (her kan dag og måned ikke udelades)', en: 'The whole date as YYYY-MM-DD, e.g. 2024-09-30 (day and month cannot be left out here)' },
  partialDateHint: { da: 'Så præcist som det vides: år (2024), år og måned (2024-09) eller hele datoen (2024-09-30)', en: 'As precisely as it is known: a year (2024), a year and month (2024-09) or the whole date (2024-09-30)' },
  dateInvalid: { da: 'Skriv hele datoen som ÅÅÅÅ-MM-DD; her kan dag og måned ikke udelades', en: 'Write the whole date as YYYY-MM-DD; day and month cannot be left out here' },
  dateDoesNotExist: { da: 'Datoen findes ikke', en: 'This date does not exist' },
  dateAfterToday: { da: 'Datoen ligger efter i dag. Skriv den dato, det skete', en: 'This date is after today. Write the date it happened' },
  partialDateInvalid: { da: 'Skriv et år (2024), år og måned (2024-09) eller en gyldig dato (2024-09-30)', en: 'Write a year (2024), a year and month (2024-09) or a real date (2024-09-30)' },
  noneAnswer: { da: 'Ingen', en: 'None' },
  addOne: { da: 'Tilføj {item}', en: 'Add {item}' },
  addTo: { da: 'Tilføj til {list}', en: 'Add to {list}' },
  entry: { da: '{list} nr. {n}', en: '{list} no. {n}' },
  changeEntry: { da: 'Ændr {entry}', en: 'Change {entry}' },
  box: { da: 'Spørgsmål {n}', en: 'Question {n}' },
  answerMissing: { da: 'Svar mangler', en: 'Answer missing' },
  boxAnswer: { da: '{n}: {value}', en: '{n}: {value}' },
  boxMissing: { da: 'mangler', en: 'missing' },
  writeText: { da: 'Skriv {what}', en: 'Write {what}' },
  copy: { da: 'Kopiér', en: 'Copy' },
  copyEntryRest: { da: '{entry} til en ny', en: '{entry} to a new one' },
  remove: { da: 'Fjern', en: 'Remove' },
  addTogether: { da: 'Tilføj {list} for de valgte', en: 'Add {list} for those chosen' },
  addedTogether: { da: '{list} tilføjet for {names}.', en: '{list} added for {names}.' },
  choosePersons: { da: 'Vælg mindst én', en: 'Choose at least one' },
  cancel: { da: 'Annullér', en: 'Cancel' },
  dropped: { da: 'Det valgte tager ikke disse oplysninger, så de er fjernet: {fields}.', en: 'What you chose does not take these, so they were removed: {fields}.' },
  noneInList: { da: 'Der er ingen (ingen {list})', en: 'There are none (no {list})' },
  switchedFrom: { da: 'Du har skiftet fra "{from}". Fortryd giver det tilbage.', en: 'You switched from "{from}". Undo gives it back.' },
  undo: { da: 'Fortryd', en: 'Undo' },
  next: { da: 'Næste', en: 'Next' },
  back: { da: 'Tilbage', en: 'Back' },
  steps: { da: 'Trin', en: 'Steps' },
  household: { da: 'Husstanden', en: 'The household' },
  review: { da: 'Tjek dine svar', en: 'Check your answers' },
  reviewIntro: { da: 'Se alle svar igennem, før du signerer og sender. Ret et svar med "Ændr".', en: 'Look through every answer before you sign and send. Correct an answer with "Change".' },
  change: { da: 'Ændr', en: 'Change' },
  changeStep: { da: 'Ændr {step}', en: 'Change {step}' },
  stateNotStarted: { da: 'Ikke påbegyndt', en: 'Not started' },
  stateAnswered: { da: 'Besvaret', en: 'Answered' },
  stateNotAssessed: { da: 'Ikke vurderet: {reasons}', en: 'Not assessed: {reasons}' },
  statePartlyNotAssessed: { da: 'Delvist ikke vurderet: {sections}', en: 'Partly not assessed: {sections}' },
  stateErrors: { da: 'Har fejl', en: 'Has errors' },
  current: { da: '(du er her)', en: '(you are here)' },
  errorSummary: { da: 'Der er {n} fejl på denne side', en: 'There are {n} problems on this page' },
  errorSummaryOne: { da: 'Der er 1 fejl på denne side', en: 'There is 1 problem on this page' },
  reviewErrors: { da: '{n} fejl skal rettes, før der kan signeres', en: '{n} problems to fix before signing' },
  nothingGiven: { da: 'Ikke besvaret', en: 'Not answered' },
  persons: { da: 'Personer', en: 'Persons' },
  personsIntro: { da: 'Tilføj hver person i husstanden. Navnene skrives i personens første trin.', en: "Add each person of the household. Names are written in the person's first step." },
  unnamed: { da: 'Person {ref} (uden navn endnu)', en: 'Person {ref} (no name yet)' },
  removePerson: { da: 'Fjern {name}', en: 'Remove {name}' },
  removedPerson: { da: '{name} er fjernet fra overdragelsen.', en: '{name} was removed from the handover.' },
  deleteDraft: { da: 'Slet kladde', en: 'Delete draft' },
  confirmDelete: { da: 'Slet kladden for altid?', en: 'Delete the draft for good?' },
  draftDeleted: { da: 'Kladden er slettet', en: 'The draft is deleted' },
  goToReview: { da: 'Gå til "Tjek dine svar"', en: 'Go to "Check your answers"' },
  errorsTotal: { da: '{n} fejl i alt', en: '{n} problems in all' },
  noErrors: { da: 'Ingen fejl fundet', en: 'No problems found' },
  stepOf: { da: 'Trin {n} af {total}', en: 'Step {n} of {total}' },
  receiptNext: { da: 'Kommunen får besked nu. Følg med i, hvornår den har hentet og kvitteret for overdragelsen, under "Se leveringsstatus".', en: 'The municipality is told now. Follow when it has retrieved and acknowledged the handover under "See delivery status".' },
  receiptFor: { da: 'Overdragelse af {household} til {municipality}', en: 'Handover of {household} to {municipality}' },
  sameAs: { da: 'Som under "{what}" for personen', en: 'As in "{what}" for the person' },
  changeHere: { da: 'Ændr {what} her', en: 'Change {what} here' },
} satisfies Record<string, Record<Lang, string>>;

export type FormWord = keyof typeof words;

export function w(key: FormWord, lang: Lang, values: Record<string, string | number> = {}): string {
  return words[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The service's own cross-field rules (POST /v1/validate's `keyword`), said plainly at their field. */
const RULES: Record<string, Record<Lang, string>> = {
  uniquePersonRef: { da: 'Personen findes allerede i overdragelsen', en: 'This person is in the handover already' },
  personRefMatch: { da: 'Hører ikke til denne person', en: 'Does not belong to this person' },
  knownPersonRef: { da: 'Vælg en person fra husstanden', en: 'Choose a person of the household' },
  distinctPersons: { da: 'En relation er mellem to forskellige personer', en: 'A relation is between two different persons' },
  uniqueLivingArrangement: { da: 'En person kan kun bo ét sted', en: 'A person can live in one place only' },
  everyPersonHoused: { da: 'Hver person skal stå i "Hvem skal bo sammen"', en: 'Every person must be in "Who will live together"' },
  uniqueAttachmentRef: { da: 'Bilaget findes to gange', en: 'The attachment is there twice' },
  uniqueFilename: { da: 'Et andet bilag har samme filnavn', en: 'Another attachment has the same file name' },
  knownAttachmentRef: { da: 'Henviser til et bilag, der ikke er vedlagt', en: 'Refers to an attachment that is not attached' },
  supersedesEarlier: { da: 'Skal være en tidligere version', en: 'Must be an earlier version' },
  dateOrder: { da: 'Datoen ligger før den dato, den skal komme efter', en: 'This date is before the date it must follow' },
  turns18Consistent: { da: 'Passer ikke med fødselsdatoen (18-årsdagen)', en: 'Does not match the date of birth (the 18th birthday)' },
  notInFuture: { da: 'Må ikke ligge i fremtiden', en: 'Must not be in the future' },
  notAfterReceipt: { da: 'Må ikke ligge efter i dag', en: 'Must not be after today' },
  // The schema's own rules, when the service reports one the page's check let pass.
  required: { da: 'Skal udfyldes', en: 'Required' },
  format: { da: 'Ugyldigt format', en: 'Invalid format' },
  pattern: { da: 'Ugyldigt format', en: 'Invalid format' },
  type: { da: 'Forkert type', en: 'Wrong type' },
  enum: { da: 'Vælg en af mulighederne', en: 'Choose one of the options' },
  const: { da: 'Vælg en af mulighederne', en: 'Choose one of the options' },
};

/** A rule's message in the page's language; a rule this page does not know yet is still said in the page's language. */
export function ruleMessage(keyword: string | undefined, lang: Lang): string {
  return RULES[keyword ?? '']?.[lang] ?? (lang === 'da' ? 'Stemmer ikke med resten af overdragelsen' : 'Does not agree with the rest of the handover');
}
