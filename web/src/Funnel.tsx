/**
 * The funnel of the audit's figure (GET /v1/funnel): for the persons a municipality holds, a
 * sender sent, or (an auditor) everyone, how far they got: handed over, retrieved, GP assigned, GP
 * read, GP result; as bars per stage and bars per month, each beside a table with the same counts
 * (the table is what a screen reader reads), and as CSV. Plain SVG, no chart library.
 */
import { useEffect, useState } from 'react';
import { api, ApiError, type Problem } from './api';
import { fw, type FunnelWord } from './funnel-words';
import { localeOf, type Lang } from './i18n';
import { ProblemAlert } from './shared-ui';
import { municipalityName } from '../../src/domain/municipalities';
import './funnel.css';

const COHORTS = ['everyone', 'mentalHealthFindings', 'mustNotInterruptMedication', 'anyHealthFinding'] as const;
const STAGES = ['handedOver', 'retrieved', 'retrievedWithin7Days', 'retrievedWithin30Days', 'gpAssigned', 'gpSummaryRead', 'gpResultReturned'] as const;
type Cohort = (typeof COHORTS)[number];
type Stage = (typeof STAGES)[number];
type Funnel = Record<Cohort, Record<Stage, number | null>>;
interface Group {
  scope: 'municipality' | 'sender';
  id: string;
  total: Funnel;
  months: { month: string; funnel: Funnel }[];
}
interface Report {
  period: { from: string; to: string };
  suppressBelow: number;
  groups: Group[];
}

const thisMonth = () => new Date().toISOString().slice(0, 7);
function monthsBack(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + m - 1 - n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const monthName = (month: string, lang: Lang) => new Date(`${month}-01T12:00:00Z`).toLocaleDateString(localeOf(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = (month: string, lang: Lang) => new Date(`${month}-01T12:00:00Z`).toLocaleDateString(localeOf(lang), { month: 'short', timeZone: 'UTC' });
/** A count as shown: suppressed counts as "under 5". */
const shown = (n: number | null, lang: Lang) => (n === null ? fw('under5', lang) : n.toLocaleString(localeOf(lang)));
/** A municipality by its official name; a sender by its organisation id. */
const groupName = (g: Group, lang: Lang) => (g.scope === 'municipality' ? municipalityName(g.id, lang) : fw('sender', lang, { id: g.id }));

export function FunnelPage({ lang }: { lang: Lang }) {
  const [from, setFrom] = useState(() => monthsBack(thisMonth(), 11));
  const [to, setTo] = useState(thisMonth);
  const [asked, setAsked] = useState({ from, to });
  const [report, setReport] = useState<Report | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [cohort, setCohort] = useState<Cohort>('mentalHealthFindings');
  const [groupKey, setGroupKey] = useState<string>('');

  useEffect(() => {
    setReport(null);
    setProblem(null);
    api.get<Report>(`/v1/funnel?from=${asked.from}&to=${asked.to}`).then(
      (r) => {
        setReport(r);
        setGroupKey((k) => (r.groups.some((g) => `${g.scope}:${g.id}` === k) ? k : r.groups[0] ? `${r.groups[0].scope}:${r.groups[0].id}` : ''));
      },
      (err: unknown) => setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) }),
    );
  }, [asked]);

  const group = report?.groups.find((g) => `${g.scope}:${g.id}` === groupKey);
  return (
    <>
      <h1>{fw('title', lang)}</h1>
      <p className="lead">{fw('intro', lang)}</p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ from, to });
        }}
      >
        <fieldset>
          <legend>{fw('period', lang)}</legend>
          <div className="inline-form">
            <div className="form-group">
              <label className="form-label" htmlFor="funnel-from">{fw('fromMonth', lang)}</label>
              <input className="form-input" id="funnel-from" type="month" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </div>
            <div className="form-group">
              <label className="form-label" htmlFor="funnel-to">{fw('toMonth', lang)}</label>
              <input className="form-input" id="funnel-to" type="month" value={to} onChange={(e) => setTo(e.target.value)} required />
            </div>
            <button type="submit" className="button button-primary">{fw('show', lang)}</button>
          </div>
        </fieldset>
      </form>
      {problem && <ProblemAlert problem={problem} prefix={fw('failed', lang)} lang={lang} />}
      {!report && !problem && <p>{fw('loading', lang)}</p>}
      {report && report.groups.length === 0 && <p>{fw('empty', lang)}</p>}
      {report && group && (
        <>
          <fieldset className="choices">
            <legend>{fw('cohort', lang)}</legend>
            {COHORTS.map((c) => (
              <div className="form-group-radio" key={c}>
                <input className="form-radio" type="radio" name="cohort" id={`cohort-${c}`} value={c} checked={cohort === c} onChange={() => setCohort(c)} />
                <label htmlFor={`cohort-${c}`}>{fw(`cohort:${c}`, lang)}</label>
              </div>
            ))}
          </fieldset>
          <div className="form-group">
            <label className="form-label" htmlFor="funnel-group">{fw('group', lang)}</label>
              <select className="form-select" id="funnel-group" value={groupKey} onChange={(e) => setGroupKey(e.target.value)}>
                {report.groups.map((g) => (
                  <option key={`${g.scope}:${g.id}`} value={`${g.scope}:${g.id}`}>
                    {groupName(g, lang)}
                  </option>
                ))}
              </select>
          </div>
          <p>
            <a className="function-link" href={`/v1/funnel?from=${report.period.from}&to=${report.period.to}&format=csv`} download>
              {fw('csv', lang)}
            </a>
          </p>
          <StageChart lang={lang} funnel={group.total[cohort]} heading={fw('funnelHeading', lang, { group: `${groupName(group, lang)} – ${fw(`cohort:${cohort}`, lang).toLowerCase()}`, from: monthName(report.period.from, lang), to: monthName(report.period.to, lang) })} />
          <MonthChart lang={lang} months={group.months.map((m) => ({ month: m.month, stages: m.funnel[cohort] }))} />
        </>
      )}
    </>
  );
}

const WIDTH = 640;

/** The funnel: one bar per stage, its length the count (a suppressed count drawn as a stub), and the same counts in a table. */
function StageChart({ lang, funnel, heading }: { lang: Lang; funnel: Record<Stage, number | null>; heading: string }) {
  const max = Math.max(1, ...STAGES.map((s) => funnel[s] ?? 0));
  const first = funnel.handedOver;
  const share = (n: number | null) => (n === null || !first ? '–' : `${Math.round((n / first) * 100)} %`);
  const rowH = 30;
  const labelW = 300;
  const summary = STAGES.map((s) => `${fw(`stage:${s}` as FunnelWord, lang)} ${shown(funnel[s], lang)}`).join('; ');
  return (
    <section aria-labelledby="funnel-heading">
      <h2 id="funnel-heading">{heading}</h2>
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${STAGES.length * rowH}`} role="img" aria-label={fw('chartFunnel', lang, { summary })}>
        {STAGES.map((s, i) => {
          const n = funnel[s];
          const w = n === null ? 4 : ((WIDTH - labelW - 60) * n) / max;
          return (
            <g key={s} transform={`translate(0 ${i * rowH})`}>
              <text x={labelW - 8} y={rowH / 2 + 5} textAnchor="end" className="chart-label">
                {fw(`stage:${s}` as FunnelWord, lang)}
              </text>
              <rect x={labelW} y={4} width={w} height={rowH - 8} className={n === null ? 'bar suppressed' : 'bar'} />
              <text x={labelW + w + 6} y={rowH / 2 + 5} className="chart-label">
                {shown(n, lang)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{fw('stage', lang)}</th>
            <th scope="col">{fw('persons', lang)}</th>
            <th scope="col">{fw('shareOfFirst', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {STAGES.map((s) => (
            <tr key={s}>
              <th scope="row">{fw(`stage:${s}` as FunnelWord, lang)}</th>
              <td>{shown(funnel[s], lang)}</td>
              <td>{share(funnel[s])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Bars per month: handed over and retrieved side by side, and the same counts in a table. */
function MonthChart({ lang, months }: { lang: Lang; months: { month: string; stages: Record<Stage, number | null> }[] }) {
  const shownStages: Stage[] = ['handedOver', 'retrieved'];
  const max = Math.max(1, ...months.flatMap((m) => shownStages.map((s) => m.stages[s] ?? 0)));
  const height = 200;
  const slot = WIDTH / Math.max(1, months.length);
  const barW = Math.min(24, (slot - 8) / 2);
  const summary = months.map((m) => `${monthName(m.month, lang)}: ${shownStages.map((s) => `${fw(`stage:${s}` as FunnelWord, lang)} ${shown(m.stages[s], lang)}`).join(', ')}`).join('; ');
  return (
    <section aria-labelledby="months-heading">
      <h2 id="months-heading">{fw('monthsHeading', lang)}</h2>
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${height + 24}`} role="img" aria-label={fw('chartMonths', lang, { summary })}>
        {months.map((m, i) =>
          shownStages.map((s, j) => {
            const n = m.stages[s];
            const h = n === null ? 3 : ((height - 10) * n) / max;
            return <rect key={`${m.month}:${s}`} x={i * slot + 4 + j * barW} y={height - h} width={barW - 2} height={h} className={`bar ${j === 0 ? 'first' : 'second'}${n === null ? ' suppressed' : ''}`} />;
          }),
        )}
        {months.map((m, i) => (
          <text key={m.month} x={i * slot + 4 + barW} y={height + 16} textAnchor="middle" className="chart-label small">
            {monthShort(m.month, lang)}
          </text>
        ))}
      </svg>
      <p className="legend">
        <span className="swatch first" aria-hidden="true" /> {fw('stage:handedOver', lang)} <span className="swatch second" aria-hidden="true" /> {fw('stage:retrieved', lang)}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{fw('month', lang)}</th>
            {STAGES.map((s) => (
              <th scope="col" key={s}>
                {fw(`stage:${s}` as FunnelWord, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthName(m.month, lang)}</th>
              {STAGES.map((s) => (
                <td key={s}>{shown(m.stages[s], lang)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
