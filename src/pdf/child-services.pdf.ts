/**
 * The PDF for a children's services unit (health visitors, PPR): one child, the sections of its
 * audience in the order the unit reads them, each scope withheld whole where the consent does not
 * cover the audience. No other person, nothing else of the handover.
 */
import type { ChildView } from '../domain/child-services.js';
import type { Handover } from '../domain/handover-types.js';
import { finishDocument, openDocument, type FontChoice, type PdfFacts } from './document-frame.js';
import { formatValue, renderObject, type FormRenderer } from './form-sections.js';
import type { LabelBook } from './label-book.js';
import { phrase, type Lang } from './phrases.js';

export interface ChildServicesPdfInput {
  lang: Lang;
  facts: PdfFacts;
  document: Handover;
  child: ChildView;
}

type Obj = Record<string, unknown>;
const isWithheld = (v: Obj) => v.status === 'withheld';

export async function renderChildServicesPdf(fonts: FontChoice, book: LabelBook, input: ChildServicesPdfInput): Promise<Uint8Array> {
  const { lang, document: doc, child } = input;
  const title = phrase(child.audience === 'health-visitors' ? 'titleChildHealthVisitors' : 'titleChildSchoolPsychology', lang);
  const audience = phrase(child.audience === 'health-visitors' ? 'audienceHealthVisitors' : 'audienceSchoolPsychology', lang);
  const person = doc.persons.find((p) => p.personRef === child.personRef)!;
  const frame = {
    lang,
    facts: input.facts,
    title: `${title} · ${doc.handoverId.slice(0, 8)} · ${phrase('version', lang)} ${doc.version}`,
    audience,
    author: [doc.sender.organisationName, doc.sender.unit].filter(Boolean).join(', '),
    subject: title,
    // Only this child's text decides which script fonts are embedded.
    textSample: JSON.stringify(child),
  };
  const { doc: pdf, flow } = await openDocument(fonts, frame);
  const r: FormRenderer = { flow, book, lang };
  const index = doc.persons.indexOf(person);
  const base = ['persons', index, 'socialInformation'] as const;

  flow.heading(title, 1);
  flow.paragraph(phrase('childServicesScope', lang, { audience }), { size: 8.5 });
  flow.heading(`${child.personRef}: ${child.name}${child.nameInOriginalScript ? ` (${child.nameInOriginalScript})` : ''}`, 2);
  const identity = person.socialInformation.identity as unknown as Obj;
  flow.fields(
    ['dateOfBirth', 'dateOfBirthEstimated', 'sex']
      .filter((k) => identity[k] !== undefined)
      .map((k) => [book.field([...base, 'identity', k]), formatValue(r, identity[k], [...base, 'identity', k])] as [string, string]),
  );

  flow.heading(phrase('socialInformation', lang), 2);
  if (isWithheld(child.social as Obj)) flow.notice(phrase('socialWithheld', lang, { audience }), 'alert');
  else renderObject(r, child.social as Obj, [...base], 3);

  flow.heading(phrase('healthScreening', lang), 2);
  if (isWithheld(child.health as Obj)) flow.notice(phrase('healthWithheld', lang, { audience }), 'alert');
  else renderObject(r, child.health as Obj, ['persons', index, 'healthScreening'], 3);
  return finishDocument(pdf, flow, frame);
}
