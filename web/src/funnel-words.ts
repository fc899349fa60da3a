/** The funnel page's words in Danish and English (kept beside the page, not in the shared i18n list). */
import type { Lang } from './i18n';

const words = {
  nav: { da: 'Tragten', en: 'The funnel' },
  title: { da: 'Når helbredsoplysningerne frem?', en: 'Does the health information arrive?' },
  intro: {
    da: 'Rigsrevisionen fandt, at psykiske problemer registreret på asylcentrene nåede kommunen for 5 % af flygtningene. Tragten viser for hver kommune (den, der har personen nu), afsender og måned, hvor mange personer der blev overleveret, hentet af kommunen, fik tilknyttet en læge, hvis læge læste resuméet, og hvis læge sendte et resultat. Tal fra 1 til 4 vises som "under 5".',
    en: 'The national audit found that psychological problems registered in the asylum centres reached the municipality for 5% of refugees. The funnel shows, per municipality (the one holding the person now), sender and month, how many persons were handed over, retrieved by the municipality, assigned a GP, whose GP read the summary, and whose GP returned a result. Counts from 1 to 4 are shown as "under 5".',
  },
  period: { da: 'Periode', en: 'Period' },
  fromMonth: { da: 'Fra måned', en: 'From month' },
  toMonth: { da: 'Til måned', en: 'To month' },
  show: { da: 'Vis', en: 'Show' },
  cohort: { da: 'Personer', en: 'Persons' },
  group: { da: 'Opdelt på', en: 'Broken down by' },
  csv: { da: 'Hent som CSV', en: 'Download as CSV' },
  loading: { da: 'Henter tallene …', en: 'Loading the figures …' },
  failed: { da: 'Tallene kunne ikke hentes', en: 'The figures could not be loaded' },
  empty: { da: 'Ingen personer i perioden.', en: 'No persons in the period.' },
  funnelHeading: { da: 'Tragten for {group}, {from} til {to}', en: 'The funnel for {group}, {from} to {to}' },
  monthsHeading: { da: 'Måned for måned: overleveret og hentet', en: 'Month by month: handed over and retrieved' },
  stage: { da: 'Trin', en: 'Stage' },
  persons: { da: 'Personer', en: 'Persons' },
  shareOfFirst: { da: 'Andel af overleverede', en: 'Share of those handed over' },
  month: { da: 'Måned', en: 'Month' },
  under5: { da: 'under 5', en: 'under 5' },
  sender: { da: 'Afsender {id}', en: 'Sender {id}' },
  'cohort:everyone': { da: 'Alle overleverede', en: 'Everyone handed over' },
  'cohort:mentalHealthFindings': { da: 'Med psykiske fund', en: 'With mental-health findings' },
  'cohort:mustNotInterruptMedication': { da: 'Med medicin, der ikke må afbrydes', en: 'With medication that must not be interrupted' },
  'cohort:anyHealthFinding': { da: 'Med et helbredsfund', en: 'With any health finding' },
  'stage:handedOver': { da: 'Overleveret', en: 'Handed over' },
  'stage:retrieved': { da: 'Hentet af kommunen', en: 'Retrieved by the municipality' },
  'stage:retrievedWithin7Days': { da: 'Hentet senest 7 dage efter ankomst', en: 'Retrieved within 7 days of arrival' },
  'stage:retrievedWithin30Days': { da: 'Hentet senest 30 dage efter ankomst', en: 'Retrieved within 30 days of arrival' },
  'stage:gpAssigned': { da: 'Læge tilknyttet', en: 'GP assigned' },
  'stage:gpSummaryRead': { da: 'Lægen har læst resuméet', en: 'GP read the summary' },
  'stage:gpResultReturned': { da: 'Lægen har sendt resultatet', en: 'GP returned the result' },
  chartFunnel: { da: 'Søjler pr. trin: {summary}', en: 'Bars per stage: {summary}' },
  chartMonths: { da: 'Søjler pr. måned, overleveret og hentet: {summary}', en: 'Bars per month, handed over and retrieved: {summary}' },
} satisfies Record<string, Record<Lang, string>>;

export type FunnelWord = keyof typeof words;

export function fw(key: FunnelWord, lang: Lang, values: Record<string, string | number> = {}): string {
  return words[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
