/**
 * The sender's signed withdrawal of a handover's current version, drawn from the withdrawal schema
 * by the same renderer as the sender's form (form-fields.tsx) with the layout beside the schema:
 * the sender gives only the reason; which version, by whom and when the page fills itself. Messages
 * are the page's own words at their field, with a summary at the top once withdrawing is tried; a
 * confirmation ("Er du sikker?") names the handover, the version and the municipality before
 * anything is signed; the service's refusal of a field stands at that field. It is no HTML form:
 * Enter in a field never withdraws, only the buttons do.
 */
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import layout from '../../schemas/handover-withdrawal/layout.json';
import { municipalityName } from '../../src/domain/municipalities';
import { ApiError, type Problem } from './api';
import { ErrorSummary, shownAt } from './error-summary';
import { answersOf } from './form-answers';
import { GroupFields, matches, type FormContext } from './form-fields';
import { getIn, nodeAt, pointerOf, setIn, type Path, type Tree } from './form-model';
import { pathOf, type Problemish } from './form-validation';
import { ruleMessage } from './form-words';
import { withoutEmpty } from './form-kit';
import { t, type Lang } from './i18n';
import { documentTree } from './schema-form';
import { validateDocument } from './schema-validator';
import { ProblemAlert } from './shared-ui';

type Doc = Record<string, unknown>;
/** The version of the standard the page writes withdrawals in. */
const SCHEMA_VERSION = '1.1';

export interface Withdrawing {
  handoverId: string;
  version: number;
  senderOrganisationId: string;
  household: string[];
  municipalityCode: string;
}

/** A refusal's field problems that stand at a field the sender fills (not one the page fills itself), while that field is as it was sent. */
function refusedFields(tree: Tree, problem: Problem | null, sent: Doc | null, doc: Doc, lang: Lang): Problemish[] {
  if (!problem || !sent) return [];
  return (problem.errors ?? [])
    .filter((e) => {
      const path = pathOf(e.pointer);
      if (path.length === 0 || layout.hidden.some((h) => matches(h, path, 0)) || !nodeAt(tree, doc, path)) return false;
      return JSON.stringify(getIn(doc, path)) === JSON.stringify(getIn(sent, path));
    })
    .map((e) => ({ pointer: e.pointer, keyword: e.keyword ?? '', message: ruleMessage(e.keyword, lang) }));
}

export function WithdrawalForm({ lang, of, sign }: { lang: Lang; of: Withdrawing; sign(doc: Doc): Promise<void> }) {
  const [tree, setTree] = useState<Tree | null>(null);
  const [doc, setDoc] = useState<Doc>(() => ({ documentType: 'handover-withdrawal', schemaVersion: SCHEMA_VERSION, handoverId: of.handoverId, version: of.version, senderOrganisationId: of.senderOrganisationId, withdrawnAt: new Date().toISOString() }));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ problem: Problem; sent: Doc | null } | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const question = useRef<HTMLHeadingElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    documentTree('handover-withdrawal', SCHEMA_VERSION, lang).then(setTree);
  }, [lang]);

  const atFields = useMemo(() => (tree ? refusedFields(tree, refusal?.problem ?? null, refusal?.sent ?? null, doc, lang) : []), [tree, refusal, doc, lang]);
  const problems = useMemo(() => (tree ? [...validateDocument({ ...tree.root, $defs: tree.defs } as never, withoutEmpty(doc), lang), ...atFields] : []), [tree, doc, lang, atFields]);
  const shown = useMemo(() => shownAt(problems, touched, tried), [problems, touched, tried]);
  const change = useCallback((path: Path, value: unknown) => setDoc((d) => setIn(d, path, value)), []);
  const touch = useCallback((path: Path) => setTouched((s) => (s.has(pointerOf(path)) ? s : new Set(s).add(pointerOf(path)))), []);

  if (!tree) return <p>{t('loading', lang)}</p>;
  const ctx: FormContext = { tree, lang, doc, change, errors: shown, hidden: layout.hidden, persons: [], touch, formBase: [], inherit: {}, labels: () => undefined, sentence: () => undefined, retired: {}, together: () => undefined };

  const ask = () => {
    setTried(true);
    if (problems.length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setRefusal(null);
    setConfirming(true);
    requestAnimationFrame(() => question.current?.focus());
  };
  const back = () => {
    setConfirming(false);
    requestAnimationFrame(() => start.current?.focus());
  };
  const confirm = async () => {
    const sent = withoutEmpty({ ...doc, withdrawnAt: new Date().toISOString() });
    setBusy(true);
    try {
      await sign(sent);
    } catch (err) {
      setRefusal({ problem: err instanceof ApiError ? err.problem : { status: 0, title: err instanceof Error ? err.message : String(err) }, sent });
      setConfirming(false);
      // The refusal at its field with the summary, or (a refusal of no field the sender fills) said at the top.
      requestAnimationFrame(() => (summary.current ?? start.current)?.focus());
    } finally {
      setBusy(false);
    }
  };

  if (confirming)
    return (
      <div className="withdrawal-confirm">
        <h3 ref={question} tabIndex={-1}>
          {t('confirmWithdrawal', lang, { version: of.version })}
        </h3>
        <p>{t('confirmWithdrawalWhat', lang, { version: of.version, household: of.household.join(', ') || of.handoverId, municipality: municipalityName(of.municipalityCode, lang) })}</p>
        {/* What will be signed, as the sender entered it. */}
        <dl className="facts">
          {answersOf(tree, doc, tree.root, [], '', lang, [], (p) => layout.hidden.some((h) => matches(h, p, 0))).map((a) => (
            <Fragment key={pointerOf(a.path)}>
              <dt>{a.label}</dt>
              <dd>{a.value}</dd>
            </Fragment>
          ))}
        </dl>
        <div className="actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={confirm}>
            {t('confirmWithdrawalYes', lang)}
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={back}>
            {t('confirmWithdrawalNo', lang)}
          </button>
        </div>
      </div>
    );
  return (
    <div className="withdrawal-form">
      {tried && problems.length > 0 && <ErrorSummary id="withdrawal-errors" problems={problems} tree={tree} doc={doc} lang={lang} summary={summary} />}
      {refusal && atFields.length === 0 && <ProblemAlert problem={refusal.problem} lang={lang} />}
      <GroupFields node={tree.root} path={[]} base={0} ctx={ctx} />
      <div className="actions">
        <button type="button" ref={start} className="button button-primary" onClick={ask}>
          {t('withdrawVersion', lang, { version: of.version })}
        </button>
      </div>
    </div>
  );
}
