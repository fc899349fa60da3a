/** The caseworker's briefing as the service words it (GET /v1/handovers/:id/briefing): per person, findings first, not-assessed sections compact with their reasons. */
import type { Briefing as BriefingModel, BriefingLine, BriefingPerson, BriefingTable } from '../../src/domain/briefing-types';
import { t, type Lang } from './i18n';

/** What GET /v1/handovers/:id/briefing answers: the model (domain/briefing.ts) with the version it briefs. */
export type Briefing = BriefingModel & { handoverId: string; version: number; schemaVersion: string };

export function Lines({ lines, className = 'facts' }: { lines: BriefingLine[]; className?: string }) {
  return (
    <dl className={className}>
      {lines.map((l, i) => (
        <div key={i} className="fact">
          <dt>{l.label}</dt>
          <dd>{l.text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Entries alike (a child's vaccines) as a table, a row an entry, named by the topic it belongs to. */
export function FactTable({ title, table }: { title: string; table: BriefingTable }) {
  return (
    <table className="table table--compact">
      <caption className="sr-only">{title}</caption>
      <thead>
        <tr>
          {table.columns.map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell || '–'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One person's briefing: a section with the person's name as its heading. */
export function PersonBriefing({ person, lang }: { person: BriefingPerson; lang: Lang }) {
  // The service's words are in the language asked for; the section says which (it may lag a language switch by one fetch).
  const id = `person-${person.personRef}`;
  return (
    <section aria-labelledby={id} className="briefing-person" lang={lang}>
      <h2 id={id}>
        {person.name}
        {person.nameInOriginalScript && (
          <>
            {' '}
            (<span dir="auto">{person.nameInOriginalScript}</span>)
          </>
        )}
      </h2>
      <p>{person.summary}</p>
      {person.healthWithheld && <p className="notice">{person.healthWithheld}</p>}
      {person.groups.map((g) => (
        <div key={g.key} className={`briefing-group briefing-${g.key}`}>
          <h3>{g.title}</h3>
          {g.topics.map((topic, i) => (
            <div key={i}>
              {topic.title !== g.title && <h4>{topic.title}</h4>}
              <Lines lines={topic.lines} />
              {topic.table && <FactTable title={topic.title} table={topic.table} />}
            </div>
          ))}
          {g.noFindings && (
            <p className="hint">
              <strong>{t('assessedNoFindings', lang)}:</strong> {g.noFindings.join(', ')}
            </p>
          )}
          {g.notApplicable && (
            <p className="hint">
              <strong>{t('notApplicableToPerson', lang)}:</strong> {g.notApplicable.join(', ')}
            </p>
          )}
        </div>
      ))}
      {person.notAssessed.length > 0 && (
        <div className="briefing-group briefing-not-assessed">
          <h3>{t('notAssessed', lang)}</h3>
          <ul className="not-assessed compact">
            {person.notAssessed.map((x, i) => (
              <li key={i}>
                <strong>{x.label}</strong> – {x.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
