/** The application's own words in Danish (the default) and English; labels of the standard's fields come from the schemas. */
export type Lang = 'da' | 'en';

const words = {
  appName: { da: 'Overlevering af flygtninges oplysninger', en: "Handover of refugees' information" },
  skipToContent: { da: 'Gå til indhold', en: 'Skip to content' },
  signInTitle: { da: 'Log ind', en: 'Sign in' },
  signInIntro: {
    da: 'Demo-login med en adgangsnøgle (kun til udvikling og demonstration). I drift logger man ind via sin organisations login.',
    en: "Demo sign-in with a credential token (development and demonstration only). In production you sign in through your organisation's sign-in.",
  },
  credential: { da: 'Adgangsnøgle', en: 'Credential token' },
  signIn: { da: 'Log ind', en: 'Sign in' },
  signOut: { da: 'Log ud', en: 'Sign out' },
  signInFailed: { da: 'Login mislykkedes', en: 'Sign-in failed' },
  language: { da: 'English', en: 'Dansk' },
  languageSwitch: { da: 'Skift til engelsk', en: 'Switch to Danish' },
  inbox: { da: 'Indbakke', en: 'Inbox' },
  deadlines: { da: 'Frister', en: 'Deadlines' },
  filters: { da: 'Filtre', en: 'Filters' },
  onlyUnacknowledged: { da: 'Kun ikke kvitterede', en: 'Not yet acknowledged only' },
  onlyUrgent: { da: 'Kun hastende', en: 'Urgent only' },
  arrivingWithin: { da: 'Ankommer inden for (dage)', en: 'Arriving within (days)' },
  household: { da: 'Husstand', en: 'Household' },
  arrival: { da: 'Ankomst', en: 'Arrival' },
  completeness: { da: 'Fuldstændighed', en: 'Completeness' },
  urgent: { da: 'Hastende', en: 'Urgent' },
  status: { da: 'Status', en: 'Status' },
  acknowledged: { da: 'Kvitteret', en: 'Acknowledged' },
  notAcknowledged: { da: 'Ikke kvitteret', en: 'Not acknowledged' },
  open: { da: 'Åbn', en: 'Open' },
  noItems: { da: 'Ingen overleveringer matcher.', en: 'No handovers match.' },
  more: { da: 'Vis flere', en: 'Show more' },
  loading: { da: 'Henter …', en: 'Loading …' },
  back: { da: 'Tilbage til indbakken', en: 'Back to the inbox' },
  persons: { da: 'Personer', en: 'Persons' },
  legalBasis: { da: 'Opholdsgrundlag', en: 'Legal basis' },
  born: { da: 'Født', en: 'Born' },
  notAssessed: { da: 'Ikke vurderet', en: 'Not assessed' },
  notAssessedIntro: {
    da: 'Et afsnit uden vurdering betyder ikke "intet at bemærke". Disse afsnit blev ikke vurderet:',
    en: 'A section without an assessment does not mean "nothing to note". These sections were not assessed:',
  },
  healthWithheld: { da: 'Helbredsoplysninger tilbageholdt: personen har ikke givet samtykke til koordinerende afdeling.', en: 'Health information withheld: the person has not consented to the coordinating department.' },
  downloadPdf: { da: 'Hent PDF', en: 'Download PDF' },
  acknowledge: { da: 'Kvittér for modtagelse', en: 'Acknowledge receipt' },
  caseworker: { da: 'Sagsbehandler', en: 'Caseworker' },
  acknowledgedAt: { da: 'Kvitteret {at}', en: 'Acknowledged {at}' },
  overdue: { da: 'Overskredet', en: 'Overdue' },
  date: { da: 'Dato', en: 'Date' },
  person: { da: 'Person', en: 'Person' },
  what: { da: 'Hvad', en: 'What' },
  error: { da: 'Noget gik galt', en: 'Something went wrong' },
  'deadline:health-assessment-offer': { da: 'Helbredsmæssig vurdering skal tilbydes', en: 'Health assessment to be offered' },
  'deadline:turns-18': { da: 'Fylder 18', en: 'Turns 18' },
  'deadline:medication-supply-ends': { da: 'Medicinen slipper op', en: 'Medication runs out' },
  'deadline:medication-supply-unknown': { da: 'Ukendt hvornår medicinen slipper op: tjek ved ankomst', en: 'Supply end unknown: check on arrival' },
  'deadline:permit-expires': { da: 'Opholdstilladelsen udløber', en: 'Residence permit expires' },
  'deadline:temporary-permit-ends': { da: 'Midlertidig tilladelse ophører', en: 'Temporary permit ends' },
  signedInAs: { da: 'Logget ind som {name}', en: 'Signed in as {name}' },
  onlyMunicipality: {
    da: 'Denne første udgave af webapplikationen er til kommunens koordinerende afdeling. Afsendere, læger og administratorer bruger indtil videre API’et og kommandolinjen.',
    en: "This first part of the web application is for the municipality's coordinating department. Senders, GPs and administrators use the API and the command line for now.",
  },
} satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof words;

export function t(key: WordKey, lang: Lang, values: Record<string, string | number> = {}): string {
  return (words[key]?.[lang] ?? String(key)).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
