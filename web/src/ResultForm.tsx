/**
 * The GP's health-assessment result, drawn from its schema by the same renderer as the sender's
 * form (form-fields.tsx): a section's fields follow the status chosen, what a new status does not
 * take is removed and can be undone, nothing is answered for the GP, and messages are the page's
 * own words at their field, shown once the field was left or signing was tried. It is no HTML form:
 * Enter in a field never signs; only the button does.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import layout from '../../schemas/health-assessment-result/layout.json';
import { GroupFields, type FormContext } from './form-fields';
import { ErrorSummary, shownAt } from './error-summary';
import { setIn, pointerOf, type Path, type Tree } from './form-model';
import { plainDateMessages, type Problemish } from './form-validation';
import { w } from './form-words';
import { withoutEmpty } from './form-kit';
import { t, type Lang } from './i18n';
import { documentTree } from './schema-form';
import { validateDocument } from './schema-validator';

type Doc = Record<string, unknown>;

/** Each whole date after today (where the GP is): a result records what was done. */
function datesAfterToday(doc: unknown, lang: Lang): Problemish[] {
  const today = new Date().toLocaleDateString('sv-SE');
  const out: Problemish[] = [];
  const walk = (v: unknown, at: string) => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > today) out.push({ pointer: at, keyword: 'dateAfterToday', message: w('dateAfterToday', lang) });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Doc)) walk(x, `${at}/${k}`);
  };
  walk(doc, '');
  return out;
}

export function ResultForm({ lang, start, signLabel, onSign }: { lang: Lang; start: Doc; signLabel: string; onSign(doc: Doc): Promise<void> }) {
  const [tree, setTree] = useState<Tree | null>(null);
  const [doc, setDoc] = useState<Doc>(start);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    documentTree('health-assessment-result', String(start.schemaVersion), lang).then(setTree);
  }, [lang, start.schemaVersion]);

  const problems = useMemo(() => {
    if (!tree) return [];
    const sent = withoutEmpty(doc);
    const seen = new Set<string>();
    return [...plainDateMessages(tree, doc, validateDocument({ ...tree.root, $defs: tree.defs } as never, sent, lang), lang), ...datesAfterToday(sent, lang)].filter((e) => {
      const k = `${e.pointer}|${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }, [tree, doc, lang]);
  // A message shows at a field once it was left, and every one once signing was tried.
  const shown = useMemo(() => shownAt(problems, touched, tried), [problems, touched, tried]);
  const change = useCallback((path: Path, value: unknown) => setDoc((d) => setIn(d, path, value)), []);
  const touch = useCallback((path: Path) => setTouched((s) => (s.has(pointerOf(path)) ? s : new Set(s).add(pointerOf(path)))), []);

  if (!tree) return <p>{t('loading', lang)}</p>;
  const ctx: FormContext = { tree, lang, doc, change, errors: shown, hidden: layout.hidden, persons: [], touch, formBase: [], inherit: {}, labels: () => undefined, sentence: () => undefined, retired: {}, together: () => undefined, readDates: true };

  const sign = async () => {
    setTried(true);
    if (problems.length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      await onSign(withoutEmpty(doc));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="result-form">
      {tried && problems.length > 0 && <ErrorSummary id="result-errors" problems={problems} tree={tree} doc={doc} lang={lang} summary={summary} />}
      <GroupFields node={tree.root} path={[]} base={0} ctx={ctx} />
      <button type="button" className="button button-primary" disabled={busy} onClick={sign}>
        {signLabel}
      </button>
    </div>
  );
}
