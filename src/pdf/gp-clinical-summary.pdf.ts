/**
 * The GP's PDF of one person: the clinical summary (domain/clinical-summary.ts) as the GP's page
 * shows it, in the same words: urgent matters and deadlines first, language and interpreter, the
 * doctor's sections, the household within consent, and the parts not assessed with their reasons.
 * Written for a doctor: no API paths or schema versions in it.
 */
import type { BriefingLine } from '../domain/briefing-types.js';
import type { ClinicalSummary } from '../domain/clinical-summary.js';
import { finishDocument, openDocument, type FontChoice, type PdfFacts } from './document-frame.js';
import type { PageFlow } from './page-flow.js';
import { phrase, type Lang } from './phrases.js';

export interface GpClinicalSummaryPdfInput {
  lang: Lang;
  facts: PdfFacts;
  summary: ClinicalSummary;
  /** The sender, named as the document's author. */
  author: string;
}

const rows = (lines: readonly BriefingLine[]) => lines.map((l) => [l.label, l.text] as const);

function topicBlocks(flow: PageFlow, s: ClinicalSummary): void {
  for (const section of s.sections) {
    flow.heading(section.title, 2);
    for (const topic of section.topics) {
      if (topic.title !== section.title) flow.heading(topic.title, 4);
      if (topic.lines.length > 0) flow.fields(rows(topic.lines));
      if (topic.table) flow.table(topic.table.columns.map((header) => ({ header, weight: 1 })), topic.table.rows, { size: 8 });
    }
    if (section.noFindings) flow.paragraph(`${s.headings.noFindings}: ${section.noFindings.join(', ')}`, { size: 8.5 });
  }
}

export async function renderGpClinicalSummaryPdf(fonts: FontChoice, input: GpClinicalSummaryPdfInput): Promise<Uint8Array> {
  const { lang, summary: s } = input;
  const name = `${s.name}${s.nameInOriginalScript ? ` (${s.nameInOriginalScript})` : ''}`;
  const frame = {
    lang,
    facts: input.facts,
    title: `${s.title} · ${s.name}`,
    audience: phrase('audienceGp', lang),
    author: input.author,
    subject: s.title,
    textSample: JSON.stringify(s),
  };
  const { doc: pdf, flow } = await openDocument(fonts, frame);
  flow.heading(s.title, 1);
  flow.heading(name, 2);
  flow.paragraph(s.summary);
  if (s.urgent.length > 0) flow.heading(s.headings.urgent, 3);
  for (const u of s.urgent) flow.notice(`${u.label}: ${u.text}`, 'alert');
  if (s.deadlines.length > 0) {
    flow.heading(s.headings.deadlines, 3);
    flow.fields(rows(s.deadlines));
  }
  flow.heading(s.headings.language, 3);
  flow.fields(rows(s.language));
  topicBlocks(flow, s);
  if (s.household.length > 0) {
    flow.heading(s.headings.household, 2);
    flow.fields(rows(s.household));
    flow.paragraph(s.headings.householdNote, { size: 8.5 });
  }
  if (s.notAssessed.length > 0) {
    flow.heading(s.headings.notAssessed, 2);
    flow.fields(rows(s.notAssessed));
  }
  flow.paragraph(s.headings.resultTask, { size: 8.5 });
  return finishDocument(pdf, flow, frame);
}
