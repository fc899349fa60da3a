/**
 * A sender fills a handover in steps and signs it in the browser: household steps, then each
 * person's forms one section (or a few short ones) at a time, as the layouts beside the schemas
 * group them; a step list with each step's state; "Tjek dine svar" with every answer and a change
 * link, and signing from there. Every field is drawn from the published schemas (form-fields.tsx),
 * nothing is answered for the sender, and what the page shows is exactly what is saved and signed.
 * Checked with the same schemas a moment after typing stops (only the part that changed: the
 * household or one person's form, form-validation.ts) and at once when a field or step is left, on
 * review and before signing; a moment later with the service's own rules (POST /v1/validate); each
 * message at its field. The draft is kept on the service.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type Problem, type Session } from './api';
import { AttachmentsField, type AttachmentFiles } from './AttachmentsField';
import { answersOf, placeOf, stateOf, valueInWords, type Sentence, type StepState } from './form-answers';
import { FieldView, idOf, matches, type FormContext } from './form-fields';
import { withSourcesOnce } from './review-sources';
import { LAYOUTS, stepsOf, type Layout } from './form-layout';
import { classify, getIn, isGiven, nodeAt, pointerOf, resolve, setIn, titleOf, type Node, type Path, type Tree } from './form-model';
import { ruleMessage, w } from './form-words';
import { withoutEmpty } from './form-kit';
import { clock, t, when, type Lang } from './i18n';
import { listsFields, problemTitle } from './problem-words';
import { documentTree } from './schema-form';
import { partChecker, pathOf, plainBoxMessages, plainDateMessages, type Problemish } from './form-validation';
import './form.css';
import { KeyNotRegistered } from './key-registration';
import { findKey, signCompact, type BrowserKey } from './signing-key';

const VERSION = '1.2';
type Doc = Record<string, any>;

interface Receipt {
  receiptId: string;
  handoverId: string;
  version: number;
  receivedAt: string;
  jwsSha256: string;
}

/** One step of the form: where its fields are in the document, and what it is called. */
interface Step {
  key: string;
  title: string;
  /** The path of the document the fields belong to (the handover, one person's form, or a part of it a long section is split into). */
  base: Path;
  /** Where the step's form starts (the handover, or one person's form): layouts' pointers count from here. */
  formBase: Path;
  fields: string[];
  widget?: string;
  hidden: string[];
  inherit?: Record<string, string>;
  layout: Layout;
  person?: number;
}

/** The schema's own keywords: checked in the page already, so the service's report of them would repeat it. */
const SCHEMA_KEYWORDS = new Set(['required', 'type', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'const', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'not', 'if', 'false schema', 'false', 'minItems', 'maxItems', 'uniqueItems', 'discriminator']);

export function NewHandover({ lang, session, go, draftId, basedOn }: { lang: Lang; session: Session; go: (to: string) => void; draftId?: string; basedOn?: string }) {
  const [tree, setTree] = useState<Tree | null>(null);
  const [doc, setDoc] = useState<Doc | null>(null);
  const [stepKey, setStepKey] = useState<string | null>(null);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [checkedSteps, setCheckedSteps] = useState<Set<string>>(new Set());
  const [key, setKey] = useState<BrowserKey | undefined>(undefined);
  // The service's answer, with the document it checked: a message about a value changed since is not shown.
  const [server, setServer] = useState<{ score?: number; errors: Problemish[]; checked?: Doc }>({ errors: [] });
  const [submitProblem, setSubmitProblem] = useState<Problem | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const files = useRef<AttachmentFiles>(new Map());
  const draft = useRef<string>(draftId ?? crypto.randomUUID());
  const focusAfter = useRef<string | null>(null);

  useEffect(() => {
    documentTree('handover', VERSION, lang).then(setTree, (e: Error) => setSubmitProblem({ status: 0, title: e.message }));
  }, [lang]);
  useEffect(() => {
    findKey(session.organisationId).then(setKey);
    (async () => {
      if (draftId) {
        const saved = await api.get<{ document: Doc; savedAt: string }>(`/v1/drafts/${draftId}`);
        setSavedAt(saved.savedAt);
        return setDoc(saved.document);
      }
      if (basedOn) {
        // A new version: the current one's content, superseding it.
        const current = await api.get<{ version: number; document: Doc }>(`/v1/handovers/${basedOn}`);
        const { supersedes: _old, ...rest } = current.document;
        // Its files go with the new version unchanged unless the sender removes them: fetched back
        // from the service (the sender reads its own), so nobody has to find them on disk again.
        for (const a of (rest.attachments ?? []) as Doc[]) {
          const res = await fetch(`/v1/handovers/${basedOn}/versions/${current.version}/attachments/${a.attachmentRef}`, { credentials: 'same-origin' });
          if (res.ok) files.current.set(a.attachmentRef, new File([await res.blob()], a.filename, { type: a.mediaType }));
        }
        return setDoc({ ...rest, version: current.version + 1, supersedes: { version: current.version } });
      }
      // Only what identifies the handover and its sender: every answer is the sender's to give.
      setDoc({
        documentType: 'handover',
        schemaVersion: VERSION,
        handoverId: crypto.randomUUID(),
        version: 1,
        createdAt: new Date().toISOString(),
        sender: { organisationId: session.organisationId, organisationType: session.organisationType, organisationName: session.organisationName },
        persons: [blankPerson('P1', LAYOUTS.handover)],
      });
    })().catch((e: Error) => setSubmitProblem({ status: 0, title: e.message }));
  }, [session, draftId, basedOn]);

  // The service's cross-field rules and completeness, a moment after the last change.
  useEffect(() => {
    if (!doc) return;
    const timer = setTimeout(() => {
      api.post<{ completeness?: { score: number } }>('/v1/validate', withoutEmpty({ ...doc, createdAt: new Date().toISOString() })).then(
        (r) => setServer({ score: r.completeness?.score, errors: [], checked: doc }),
        (e) => setServer({ errors: e instanceof ApiError ? ((e.problem.errors ?? []) as Problemish[]) : [], checked: doc }),
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [doc]);

  // The schemas' check follows the document a moment after the last keystroke, so typing never
  // waits for it; leaving a field or a step, the review and signing check at once (checkNow). A
  // change where a message is showing is checked at once too, before the page is drawn: its
  // message must not vanish (and the page below it move) a moment later, under the next click.
  const [checkedDoc, setCheckedDoc] = useState<Doc | null>(null);
  const latest = useRef<Doc | null>(null);
  latest.current = doc;
  const urgent = useRef(false);
  // Only typing waits: a click, a choice or a pasted value is checked before the page is drawn, so
  // nothing on the page moves a moment later under the pointer (a click on "Næste" after a tick).
  const lastKey = useRef(0);
  useEffect(() => {
    const typed = () => (lastKey.current = Date.now());
    document.addEventListener('keydown', typed, true);
    return () => document.removeEventListener('keydown', typed, true);
  }, []);
  useLayoutEffect(() => {
    if (urgent.current || Date.now() - lastKey.current > 500) {
      urgent.current = false;
      setCheckedDoc(doc);
      return;
    }
    const timer = setTimeout(() => setCheckedDoc(doc), 250);
    return () => clearTimeout(timer);
  }, [doc]);
  const checkNow = useCallback(() => setCheckedDoc(latest.current), []);
  /**
   * Each step's state by the object its fields are in: a step whose part did not change is not read
   * again. One cache per tree: its words are the tree's (after a change of language the new tree's
   * arrives a moment after the language, and a state read meanwhile must not stay).
   */
  const stateCache = useMemo(() => (void tree, new WeakMap<object, Map<string, StepState>>()), [tree]);
  const checker = useMemo(() => (tree ? partChecker(tree, { persons: 'persons', personForms: LAYOUTS.handover.personForms ?? [] }, lang) : null), [tree, lang]);

  const persons = useMemo(() => (doc ? personsOf(doc, lang) : []), [doc, lang]);
  const steps = useMemo(() => (tree && doc ? allSteps(tree, doc, lang, persons) : []), [tree, doc, lang, persons]);
  // Every problem once, at its field: the schemas' (checked here, part by part) and the service's own rules.
  const problemsOf = useCallback((doc: Doc): Problemish[] => {
    if (!tree || !checker) return [];
    // A date written in a shape its field does not take, or one that does not exist: said with what the field takes.
    // A box of a questionnaire's answers left empty: its answer is missing.
    const own = plainBoxMessages(tree, doc, plainDateMessages(tree, doc, checker(doc), lang), lang);
    // The service's own rules, and a schema rule the page's check let pass where the page has no
    // message of its own: the two validators are meant to agree, and where they do not the
    // service decides, so the sender sees it at the field before signing, not only at sending.
    const ownAt = new Set(own.map((e) => e.pointer));
    // Said only while neither the value nor the entry or group it is in changed since the service
    // checked: a date still missing in an urgent matter whose type no longer needs one, or that was
    // removed, is not counted until the service checks again.
    const same = (at: Path) => JSON.stringify(getIn(doc, at)) === JSON.stringify(getIn(server.checked ?? {}, at));
    const unchanged = (e: Problemish) => {
      const at = pathOf(e.pointer);
      return same(at) && (at.length < 2 || same(at.slice(0, -1)));
    };
    const rules = server.errors.filter((e) => (!SCHEMA_KEYWORDS.has(e.keyword ?? '') || !ownAt.has(e.pointer)) && unchanged(e)).map((e) => ({ ...e, message: ruleMessage(e.keyword, lang) }));
    const seen = new Set<string>();
    return [...own, ...rules].map((e) => ({ ...e, pointer: toReplacement(tree, steps, doc, e.pointer) })).filter((e) => {
      const k = `${e.pointer}|${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }, [tree, checker, lang, server, steps]);
  const problems = useMemo(() => (checkedDoc ? problemsOf(checkedDoc) : []), [checkedDoc, problemsOf]);

  const shownNow = useRef<Map<string, string[]>>(new Map());
  const change = useCallback((path: Path, value: unknown) => {
    const at = pointerOf(path);
    if ([...shownNow.current.keys()].some((p) => within(p, at) || within(at, p))) urgent.current = true;
    setDoc((d) => setIn(d, path, value));
  }, []);
  const touch = useCallback(
    (path: Path) => {
      checkNow();
      setTouched((s) => (s.has(pointerOf(path)) ? s : new Set(s).add(pointerOf(path))));
    },
    [checkNow],
  );

  const current = steps.find((s) => s.key === (stepKey ?? steps[0]?.key));
  const index = current ? steps.indexOf(current) : steps.length;
  const problemsByStep = useMemo(() => {
    const map = new Map<Step, Problemish[]>();
    for (const e of problems) {
      const s = stepOf(steps, e.pointer);
      if (s) map.set(s, [...(map.get(s) ?? []), e]);
    }
    return map;
  }, [problems, steps]);
  const stepProblems = (s: Step) => problemsByStep.get(s) ?? [];
  // What is counted and summarised: a step's problems once it was left with "Næste" or another way
  // (or signing was tried), and all of them once "Tjek dine svar" was opened; a new form is no wall of
  // errors. The total is the sum of what the steps' summaries list, and on the review what its summary lists.
  const revealed = useMemo(() => (checkedSteps.has(REVIEW) ? problems : problems.filter((e) => checkedSteps.has(stepOf(steps, e.pointer)?.key ?? REVIEW))), [problems, steps, checkedSteps]);
  // Messages show at a field once it was left, and all of a step's once the step was checked.
  const shown = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const e of problems) {
      const step = stepOf(steps, e.pointer);
      if (!checkedSteps.has(step?.key ?? REVIEW) && !checkedSteps.has(REVIEW) && ![...touched].some((p) => within(e.pointer, p))) continue;
      map.set(e.pointer, [...(map.get(e.pointer) ?? []), e.message]);
    }
    return map;
  }, [problems, steps, checkedSteps, touched]);
  shownNow.current = shown;

  const moveTo = (next: string, focus?: string) => {
    checkNow();
    // Leaving a step checks it; opening the review checks them all, as its summary lists every problem.
    if (next === REVIEW) setCheckedSteps(new Set([...steps.map((s) => s.key), REVIEW]));
    else if (current) setCheckedSteps((s) => new Set(s).add(current.key));
    setStepKey(next);
    focusAfter.current = focus ?? 'step-heading';
  };
  useEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    focusAfter.current = null;
    const el = elementAt(id);
    if (el) {
      const target = el.matches('input, select, textarea, h1, h2') ? el : (el.querySelector('input, select, textarea') as HTMLElement | null) ?? el;
      target.focus();
      target.scrollIntoView({ block: 'center' });
    } else window.scrollTo(0, 0);
  }, [stepKey]);

  const addPerson = () => {
    if (!doc) return;
    const used = new Set((doc.persons as Doc[]).map((p) => p.personRef));
    let n = doc.persons.length + 1;
    while (used.has(`P${n}`)) n++;
    setDoc({ ...doc, persons: [...doc.persons, blankPerson(`P${n}`, LAYOUTS.handover)] });
  };
  const removePerson = (i: number) => {
    if (!doc) return;
    setNotice(w('removedPerson', lang, { name: persons[i]!.name }));
    setDoc({ ...doc, persons: (doc.persons as Doc[]).filter((_, j) => j !== i) });
  };

  const saveDraft = async () => {
    if (!doc) return;
    const saved = await api.put<{ savedAt: string }>(`/v1/drafts/${draft.current}`, { document: withoutEmpty(doc) });
    setSavedAt(saved.savedAt);
  };
  const deleteDraft = async () => {
    if (!window.confirm(w('confirmDelete', lang))) return;
    if (savedAt) await api.delete(`/v1/drafts/${draft.current}`);
    go('/');
  };

  const signAndSubmit = async () => {
    if (!doc || !key) return;
    setSubmitProblem(null);
    checkNow();
    const now = problemsOf(doc);
    if (now.length > 0) {
      setCheckedSteps(new Set([...steps.map((s) => s.key), REVIEW]));
      setSubmitProblem({ status: 0, title: w('reviewErrors', lang, { n: now.length }) });
      return;
    }
    setBusy(true);
    try {
      const signed: Doc = withoutEmpty({ ...doc, createdAt: new Date().toISOString() });
      const jws = await signCompact(key, new TextEncoder().encode(JSON.stringify(signed)), 'handover+jws');
      const body = new FormData();
      body.append('jws', jws);
      for (const a of (signed.attachments ?? []) as Doc[]) {
        const file = files.current.get(a.attachmentRef);
        if (file) body.append('attachments', file, a.filename);
      }
      const res = await fetch('/v1/handovers', { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json', 'x-handover-web': '1' } });
      const json = await res.json();
      if (!res.ok) throw new ApiError(json as Problem);
      setReceipt(json as Receipt);
      // The draft is gone once sent: the address becomes the sent handover's, which a reload or a bookmark opens.
      window.history.replaceState(null, '', `/sent/${(json as Receipt).handoverId}`);
      if (savedAt || draftId) await api.delete(`/v1/drafts/${draft.current}`);
    } catch (e) {
      setSubmitProblem(e instanceof ApiError ? e.problem : { status: 0, title: String(e) });
    } finally {
      setBusy(false);
    }
  };

  // A reopened draft: every step it holds answers in counts as done before, so its state (answered, not assessed, has errors) is read from the draft as it was when saved.
  const reopened = useRef(Boolean(draftId));
  useEffect(() => {
    if (!reopened.current || !tree || !doc || steps.length === 0) return;
    reopened.current = false;
    setCheckedSteps(new Set(steps.filter((s) => isBegun(tree, doc, s, lang)).map((s) => s.key)));
  }, [tree, doc, steps, lang]);

  if (receipt && tree && doc) return <ReceiptView receipt={receipt} lang={lang} go={go} household={persons.map((p) => p.name)} municipality={municipalityName(tree, doc)} />;
  if (!tree || !doc) return <p>{submitProblem ? `${t('error', lang)}: ${submitProblem.title}` : t('loading', lang)}</p>;

  const ctxFor = (s: Step): FormContext => ({ tree, lang, doc, change, errors: shown, hidden: s.hidden, persons, touch, formBase: s.formBase, inherit: s.inherit ?? {}, labels: labelsFor(s, lang), sentence: sentenceFor(tree, doc, s, lang, persons), retired: s.layout.retired ?? {}, together: (path) => Object.entries(s.layout.together ?? {}).find(([p]) => matches(p, path, s.formBase.length))?.[1], codeNameField: (path) => Object.entries(s.layout.codeNames ?? {}).find(([p]) => matches(p, path, s.formBase.length))?.[1] });
  const stateAt = (s: Step): StepState => {
    const errors = stepProblems(s);
    const checked = checkedSteps.has(s.key);
    // A new person holds only its reference: the list of persons is not answered for the sender.
    if (s.widget === 'persons' && !checked && !isBegun(tree, doc, s, lang)) return { kind: 'not-started' };
    const part = getIn(doc, s.base);
    if (s.base.length === 0 || !part || typeof part !== 'object') return stateOf(tree, doc, s.base, s.fields, errors, checked, lang, hiddenIn(s));
    const k = `${s.key}|${lang}|${checked ? errors.length : 0}`;
    let byKey = stateCache.get(part);
    if (!byKey) stateCache.set(part, (byKey = new Map()));
    let state = byKey.get(k);
    if (!state) byKey.set(k, (state = stateOf(tree, doc, s.base, s.fields, errors, checked, lang, hiddenIn(s))));
    return state;
  };
  const states = new Map(steps.map((s) => [s.key, stateAt(s)]));

  return (
    <>
      <h1>{draftId ? w(doc.version > 1 ? 'draftOfVersion' : 'draftOfHandover', lang, { version: doc.version }) : doc.version > 1 ? t('newVersion', lang, { version: doc.version }) : t('newHandover', lang)}</h1>
      <div className="progress" role="status" aria-live="polite">
        {[revealed.length > 0 ? w('errorsTotal', lang, { n: revealed.length }) : problems.length === 0 ? w('noErrors', lang) : undefined, server.score !== undefined ? t('completenessNow', lang, { score: server.score }) : undefined, savedAt ? t('draftSavedAt', lang, { at: clock(savedAt, lang) }) : undefined]
          .filter(Boolean)
          .map((part, i) => (
            <span key={i}>{i > 0 ? ` · ${part}` : part}</span>
          ))}
      </div>
      <div className="form-layout">
        <StepList steps={steps} states={states} current={current?.key ?? 'review'} lang={lang} persons={persons} onGo={(k) => moveTo(k)} />
        <div className="form-step">
          <KeyNotRegistered organisationId={session.organisationId} lang={lang} go={go} />
          {notice && (
            <div className="alert alert-info" role="status">
              <p className="alert-text">{notice}</p>
            </div>
          )}
          {current ? (
            <StepView
              step={current}
              n={index + 1}
              total={steps.length + 1}
              ctx={ctxFor(current)}
              problems={checkedSteps.has(current.key) || checkedSteps.has(REVIEW) ? stepProblems(current) : []}
              labelOf={(p) => placeOf(tree, doc, p, lang, Math.min(current.base.length, p.length - 1), labelsFor(current, lang))}
              persons={persons}
              addPerson={addPerson}
              removePerson={removePerson}
              files={files.current}
            />
          ) : (
            <ReviewView tree={tree} doc={doc} steps={steps} states={states} lang={lang} persons={persons} problems={problems} onChange={(k, focus) => moveTo(k, focus)} />
          )}
          <div className="actions">
            {index > 0 && (
              <button type="button" className="button button-secondary" onClick={() => moveTo(index >= steps.length ? steps[steps.length - 1]!.key : steps[index - 1]!.key)}>
                {w('back', lang)}
              </button>
            )}
            {current && (
              // A press on "Næste" leaves the focus where it is until the click: the field's blur used to check and
              // redraw the step between the button's mouse-down and mouse-up, and the click was lost (seen after
              // ticking "Der er ingen (ingen Hastende forhold)"). The click checks the step anyway (moveTo).
              <button type="button" className="button button-primary" onMouseDown={(e) => e.preventDefault()} onClick={() => moveTo(steps[index + 1]?.key ?? 'review')}>
                {w('next', lang)}
              </button>
            )}
            <button type="button" className="button button-secondary" onClick={saveDraft}>
              {t('saveDraft', lang)}
            </button>
            <button type="button" className="button button-tertiary" onClick={deleteDraft}>
              {w('deleteDraft', lang)}
            </button>
            {!current &&
              (key ? (
                <button type="button" className="button button-primary" onClick={signAndSubmit} disabled={busy}>
                  {t('signAndSubmit', lang)}
                </button>
              ) : (
                <a
                  href="/key"
                  onClick={(e) => {
                    e.preventDefault();
                    go('/key');
                  }}
                >
                  {t('enrolFirst', lang)}
                </a>
              ))}
          </div>
          {submitProblem && (
            <div className="alert alert-error" role="alert">
              <p className="alert-text">
                {t('notSubmitted', lang)}: {submitProblem.code ? problemTitle(submitProblem, lang) : submitProblem.title}
              </p>
              {submitProblem.errors && submitProblem.errors.length > 0 && listsFields(submitProblem) && (
                <ul>
                  {submitProblem.errors.map((e, i) => (
                    <li key={i}>
                      {labelAt(tree, doc, pathOf(e.pointer), stepOf(steps, e.pointer)?.base.length ?? 0)}: {e.keyword && !SCHEMA_KEYWORDS.has(e.keyword) ? ruleMessage(e.keyword, lang) : e.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </div>
    </>
  );
}

/** A field by its id; for a part not drawn as one (a section split over steps, not begun), its first part on the page. */
const elementAt = (id: string): HTMLElement | null => document.getElementById(id) ?? document.querySelector<HTMLElement>(`[id^="${id}-"]`);
/** The review's key among the steps': once in the checked steps, every problem is counted and shown. */
const REVIEW = 'review';
const within = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
/** The step a problem belongs to: the one whose fields hold its pointer most closely (a person's own steps before the household's list of persons). */
function stepOf(steps: Step[], pointer: string): Step | undefined {
  let best: Step | undefined;
  for (const s of steps) if (s.fields.some((f) => within(pointer, pointerOf([...s.base, f]))) && (!best || s.base.length > best.base.length)) best = s;
  // A section split over steps and not begun at all: its first step, not the household's list of persons.
  const depth = pathOf(pointer).length;
  const split = steps.find((s) => s.base.length > s.formBase.length && depth > s.formBase.length && within(pointerOf(s.base), pointer));
  return split && (!best || best.base.length < split.formBase.length) ? split : best;
}
/**
 * A message about a field a later part of the standard replaced, which is not drawn while it holds
 * nothing (the layout's `retired`), is said at the field that replaced it: "Vacciner: Skal udfyldes",
 * not a message at a list the sender never sees.
 */
function toReplacement(tree: Tree, steps: Step[], doc: Doc, pointer: string): string {
  const path = pathOf(pointer);
  for (const s of steps) {
    if (!s.layout.retired || s.formBase.length === 0 || !within(pointer, pointerOf(s.formBase))) continue;
    for (const [pattern, replacement] of Object.entries(s.layout.retired)) {
      const at = path.slice(0, s.formBase.length + pattern.split('/').length);
      if (!matches(pattern, at, s.formBase.length) || isGiven(getIn(doc, at))) continue;
      const to = [...s.formBase, ...replacement.split('/').map((x, i) => (x === '*' ? at[s.formBase.length + i]! : x))];
      if (nodeAt(tree, doc, to) === undefined) continue;
      return pointerOf(to);
    }
  }
  return pointer;
}
const hiddenIn = (s: Step) => (p: Path) => {
  const rel = p.slice(s.formBase.length).map(String);
  return s.hidden.some((h) => {
    const parts = h.split('/');
    return parts.length === rel.length && parts.every((x, i) => x === '*' || x === rel[i]);
  });
};

/** Whether a step holds anything the sender gave; the list of persons, once a person holds more than the reference a new person is given. */
function isBegun(tree: Tree, doc: Doc, s: Step, lang: Lang): boolean {
  if (s.widget === 'persons') return ((doc.persons ?? []) as Doc[]).some((p) => JSON.stringify(withoutEmpty(p)) !== JSON.stringify(blankPerson(p.personRef as string, LAYOUTS.handover)));
  return stateOf(tree, doc, s.base, s.fields, [], false, lang, hiddenIn(s)).kind !== 'not-started';
}

/** The layout's words for a field of this step, if it has its own. */
const labelsFor = (s: Step, lang: Lang) => (path: Path) => Object.entries(s.layout.labels ?? {}).find(([p]) => matches(p, path, s.formBase.length))?.[1][lang];

/** The layout's sentence for a list entry of this step ("Amina Haddad er forælder til Yusuf Haddad"), once every value it names is given. */
const sentenceFor = (tree: Tree, doc: Doc, s: Step, lang: Lang, persons: { ref: string; name: string }[]) => (path: Path) => sentenceOf(tree, doc, s, lang, persons)(path)?.text;
/** The same, with the properties it says (a relation's two persons and what one is to the other). */
const sentenceOf = (tree: Tree, doc: Doc, s: Step, lang: Lang, persons: { ref: string; name: string }[]): Sentence => (path: Path) => {
  const template = Object.entries(s.layout.sentences ?? {}).find(([p]) => matches(p, path, s.formBase.length))?.[1][lang];
  if (!template) return undefined;
  let complete = true;
  const text = template.replace(/\{(\w+)\}/g, (_, prop: string) => {
    const words = valueInWords(tree, doc, [...path, prop], lang, persons);
    if (words === undefined) complete = false;
    // A choice's label stands inside a sentence in small letters; names keep theirs.
    return classify(tree, nodeAt(tree, doc, [...path, prop]) ?? {}).kind === 'select' ? (words ?? '').toLowerCase() : (words ?? '');
  });
  return complete ? { text, says: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!) } : undefined;
};

/** A new person: only the reference that ties the person's forms together; no answer. */
function blankPerson(ref: string, layout: Layout): Doc {
  const person: Doc = { personRef: ref };
  for (const form of layout.personForms ?? []) person[form] = { personRef: ref };
  return person;
}

/** The household's persons by name (as the handover's layout says where a name is), or by their place when not named yet. */
function personsOf(doc: Doc, lang: Lang): { ref: string; name: string }[] {
  return ((doc.persons ?? []) as Doc[]).map((p) => {
    const name = (LAYOUTS.handover.personName ?? []).map((ptr) => getIn(p, ptr.split('/'))).filter((v) => typeof v === 'string' && v).join(' ');
    return { ref: p.personRef as string, name: name || w('unnamed', lang, { ref: p.personRef }) };
  });
}

/** The household's steps, then each person's, as the layouts beside the schemas group them. */
function allSteps(tree: Tree, doc: Doc, lang: Lang, persons: { ref: string; name: string }[]): Step[] {
  const out: Step[] = stepsOf(LAYOUTS.handover, tree, lang).map((s) => ({ key: `h:${s.id}`, title: s.title, base: s.in, formBase: [], fields: s.fields, widget: s.widget, hidden: LAYOUTS.handover.hidden, layout: LAYOUTS.handover }));
  ((doc.persons ?? []) as Doc[]).forEach((p, i) => {
    for (const form of LAYOUTS.handover.personForms ?? []) {
      const node = nodeAt(tree, doc, ['persons', i, form]);
      if (!node) continue;
      const def = resolve(tree, node).__def?.replace(/__document$/, '') as keyof typeof LAYOUTS | undefined;
      const layout = def ? LAYOUTS[def] : undefined;
      if (!layout) continue;
      const sub: Tree = { root: node, defs: tree.defs };
      for (const s of stepsOf(layout, sub, lang)) out.push({ key: `p:${p.personRef}:${form}:${s.id}`, title: s.title, base: ['persons', i, form, ...s.in], formBase: ['persons', i, form], fields: s.fields, hidden: layout.hidden, inherit: layout.inherit, layout, person: i });
    }
  });
  void persons;
  return out;
}

/** A field's label as the sender saw it: its title, after its group's when it is inside one within the step. */
function labelAt(tree: Tree, doc: Doc, path: Path, base: number): string {
  const node = nodeAt(tree, doc, path);
  const last = path[path.length - 1];
  const own = node ? titleOf(tree, node, String(last)) : String(last);
  const parent = path.length - 1 > base ? nodeAt(tree, doc, path.slice(0, -1)) : undefined;
  const parentTitle = parent ? (resolve(tree, parent).title as string | undefined) : undefined;
  return parentTitle && parentTitle !== own ? `${parentTitle} › ${own}` : own;
}

function municipalityName(tree: Tree, doc: Doc): string {
  const path = ['recipient', 'municipalityCode'];
  const node = nodeAt(tree, doc, path);
  const field = node ? classify(tree, node) : undefined;
  const code = getIn(doc, path);
  return (field?.kind === 'select' ? field.choices.find((c) => c.value === code)?.title : undefined) ?? String(code ?? '');
}

function stateText(state: StepState, lang: Lang): string {
  switch (state.kind) {
    case 'not-started':
      return w('stateNotStarted', lang);
    case 'answered':
      return w('stateAnswered', lang);
    case 'not-assessed':
      return w('stateNotAssessed', lang, { reasons: state.reasons.join(', ') });
    case 'partly-not-assessed':
      return w('statePartlyNotAssessed', lang, { sections: state.sections.join(', ') });
    case 'errors':
      return w('stateErrors', lang);
  }
}

/** The step list ("trinindikator"): every step with its state, the household's first, then each person's under the person's name. */
function StepList({ steps, states, current, lang, persons, onGo }: { steps: Step[]; states: Map<string, StepState>; current: string; lang: Lang; persons: { ref: string; name: string }[]; onGo(key: string): void }) {
  const groups: { title: string; steps: Step[] }[] = [{ title: w('household', lang), steps: steps.filter((s) => s.person === undefined) }];
  persons.forEach((p, i) => groups.push({ title: p.name, steps: steps.filter((s) => s.person === i) }));
  // dkfds's step indicator: a numbered circle, or a check once answered (decoration: the link is named by its title and state), the title and the step's state.
  const link = (key: string, n: number, title: string, state?: StepState) => (
    <a
      href="#"
      className="step"
      aria-current={current === key ? 'step' : undefined}
      onClick={(e) => {
        e.preventDefault();
        onGo(key);
      }}
    >
      {state?.kind === 'answered' ? (
        <span className="step-icon" aria-hidden="true">
          <svg className="icon-svg" viewBox="0 0 24 24" focusable="false">
            <path d="M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z" />
          </svg>
        </span>
      ) : (
        <span className="step-number" aria-hidden="true">
          <span>{n}</span>
        </span>
      )}
      <span>
        <span className="step-title">{title}</span>
        {state && <span className="step-information">{stateText(state, lang)}</span>}
      </span>
    </a>
  );
  const stepClass = (key: string, state?: StepState) => [current === key && 'current', state?.kind === 'errors' && 'error', state?.kind === 'answered' && 'done'].filter(Boolean).join(' ') || undefined;
  return (
    <nav className="step-list" aria-label={w('steps', lang)}>
      {groups.map((g) => (
        <div key={g.title}>
          <h2 className="h5">{g.title}</h2>
          <ol className="step-indicator">
            {g.steps.map((s, i) => (
              <li key={s.key} className={stepClass(s.key, states.get(s.key))}>
                {link(s.key, i + 1, s.title, states.get(s.key))}
              </li>
            ))}
          </ol>
        </div>
      ))}
      <ol className="step-indicator">
        <li className={stepClass('review')}>{link('review', 1, w('review', lang))}</li>
      </ol>
    </nav>
  );
}

function StepView({
  step,
  n,
  total,
  ctx,
  problems,
  labelOf,
  persons,
  addPerson,
  removePerson,
  files,
}: {
  step: Step;
  n: number;
  total: number;
  ctx: FormContext;
  problems: Problemish[];
  labelOf(p: Path): string;
  persons: { ref: string; name: string }[];
  addPerson(): void;
  removePerson(i: number): void;
  files: AttachmentFiles;
}) {
  const { tree, lang, doc } = ctx;
  const parent = nodeAt(tree, doc, step.base) ?? tree.root;
  const group = classify(tree, parent);
  const props = group.kind === 'group' ? Object.fromEntries(group.properties) : {};
  const required = group.kind === 'group' ? new Set(group.required) : new Set<string>();
  const who = step.person !== undefined ? persons[step.person]?.name : undefined;
  return (
    <section aria-labelledby="step-heading">
      <p className="step-count">{w('stepOf', lang, { n, total })}</p>
      <h2 id="step-heading" tabIndex={-1}>
        {who ? `${who}: ${step.title}` : step.title}
      </h2>
      {problems.length > 0 && (
        <div className="alert alert-error error-summary" role="alert" aria-labelledby="error-summary-heading">
          <h3 id="error-summary-heading" className="alert-heading">
            {problems.length === 1 ? w('errorSummaryOne', lang) : w('errorSummary', lang, { n: problems.length })}
          </h3>
          <ul className="alert-text nobullet-list">
            {problems.map((e, i) => (
              <li key={i}>
                <a href={`#${idOf(pathOf(e.pointer))}`} onClick={(ev) => focusField(ev, pathOf(e.pointer))}>
                  {labelOf(pathOf(e.pointer))}: {e.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {step.widget === 'persons' ? (
        <>
          <p>{w('personsIntro', lang)}</p>
          <ul className="persons">
            {persons.map((p, i) => (
              <li key={p.ref}>
                {p.name}{' '}
                {persons.length > 1 && (
                  <button type="button" className="button button-secondary" onClick={() => removePerson(i)}>
                    {w('removePerson', lang, { name: p.name })}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="button button-secondary" onClick={addPerson}>
            {t('addPerson', lang)}
          </button>
        </>
      ) : step.widget === 'attachments' ? (
        step.fields.map((f) => {
          const node = props[f] ?? {};
          const items = resolve(tree, (resolve(tree, node).items as Node) ?? {});
          const choices = (p: string) => {
            const c = classify(tree, ((items.properties as Node)?.[p] ?? {}) as Node);
            return c.kind === 'select' ? c.choices : [];
          };
          return (
            <AttachmentsField
              key={f}
              lang={lang}
              files={files}
              title={titleOf(tree, node, f)}
              mediaTypes={choices('mediaType').map((c) => String(c.value))}
              categories={choices('category')}
              value={getIn(doc, [f]) as never}
              onChange={(next) => ctx.change([f], next)}
              persons={persons}
              errorsAt={(i, p) => ctx.errors.get(pointerOf([f, i, p])) ?? []}
              none={w('noneInList', lang, { list: titleOf(tree, node, f) })}
              onNone={() => ctx.change([f], undefined)}
            />
          );
        })
      ) : (
        step.fields.map((f) => <FieldView key={f} node={props[f] ?? {}} path={[...step.base, f]} base={step.formBase.length} ctx={ctx} required={required.has(f)} title={titleOf(tree, props[f] ?? {}, f)} />)
      )}
    </section>
  );
}

function focusField(ev: React.MouseEvent, path: Path) {
  ev.preventDefault();
  const el = elementAt(idOf(path));
  const target = el && (el.matches('input, select, textarea') ? el : (el.querySelector('input, select, textarea') as HTMLElement | null));
  (target ?? el)?.focus();
  (target ?? el)?.scrollIntoView({ block: 'center' });
}

/** "Tjek dine svar": every step's answers (and every not-assessed reason) with a link to change it, and the problems still to fix. */
function ReviewView({ tree, doc, steps, states, lang, persons, problems, onChange }: { tree: Tree; doc: Doc; steps: Step[]; states: Map<string, StepState>; lang: Lang; persons: { ref: string; name: string }[]; problems: Problemish[]; onChange(step: string, focus?: string): void }) {
  return (
    <section aria-labelledby="step-heading">
      <h2 id="step-heading" tabIndex={-1}>
        {w('review', lang)}
      </h2>
      <p>{w('reviewIntro', lang)}</p>
      {problems.length > 0 && (
        <div className="alert alert-error error-summary" role="alert">
          <h3 className="alert-heading">{w('reviewErrors', lang, { n: problems.length })}</h3>
          <ul className="alert-text nobullet-list">
            {problems.map((e, i) => {
              const path = pathOf(e.pointer);
              const step = stepOf(steps, e.pointer);
              // Where it is, whatever the page: the person or the household, then each group and list entry down to the field.
              // (a person's whole section split over steps belongs to no one step: it is still the person's)
              const personAt = step?.person ?? (path[0] === 'persons' && typeof path[1] === 'number' && path.length > 3 ? path[1] : undefined);
              const who = personAt !== undefined ? persons[personAt]?.name : w('household', lang);
              const from = step?.person !== undefined ? step.base.length : personAt !== undefined ? 3 : (step?.base.length ?? 0);
              return (
                <li key={i}>
                  <a
                    href={`#${idOf(path)}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      if (step) onChange(step.key, idOf(path));
                    }}
                  >
                    {who}: {placeOf(tree, doc, path, lang, Math.min(from, path.length - 1), step && labelsFor(step, lang))}: {e.message}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {steps.map((s) => {
        const who = s.person !== undefined ? `${persons[s.person]?.name}: ` : '';
        const hiddenAt = hiddenIn(s);
        const parent = nodeAt(tree, doc, s.base) ?? tree.root;
        const props = Object.fromEntries(classify(tree, parent).kind === 'group' ? (classify(tree, parent) as { properties: [string, Node][] }).properties : []);
        const answers = s.widget === 'persons' ? [] : withSourcesOnce(s.fields.flatMap((f) => answersOf(tree, doc, props[f] ?? {}, [...s.base, f], titleOf(tree, props[f] ?? {}, f), lang, persons, hiddenAt, sentenceOf(tree, doc, s, lang, persons), labelsFor(s, lang))), doc, s, lang);
        const state = states.get(s.key);
        return (
          <section key={s.key} className="review-step" aria-labelledby={`review-${idOf([s.key])}`}>
            <h3 id={`review-${idOf([s.key])}`}>
              {who}
              {s.title}
            </h3>
            {s.widget === 'persons' ? (
              <p>{persons.map((p) => p.name).join(', ')}</p>
            ) : answers.length === 0 ? (
              <p>{state ? stateText(state, lang) : w('nothingGiven', lang)}</p>
            ) : (
              <dl className="summary-list">
                {answers.map((a) => (
                  <div className="summary-row" key={pointerOf(a.path)}>
                    <dt>{a.label}</dt>
                    <dd>{a.value}</dd>
                    <dd>
                      <a
                        href={`#${idOf(a.path)}`}
                        onClick={(ev) => {
                          ev.preventDefault();
                          onChange(s.key, idOf(a.path));
                        }}
                      >
                        {w('change', lang)}
                        <span className="sr-only"> {who}{a.label}</span>
                      </a>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            <p>
              <a
                href="#"
                onClick={(ev) => {
                  ev.preventDefault();
                  onChange(s.key);
                }}
              >
                {w('changeStep', lang, { step: `${who}${s.title}` })}
              </a>
            </p>
          </section>
        );
      })}
    </section>
  );
}

function ReceiptView({ receipt, lang, go, household, municipality }: { receipt: Receipt; lang: Lang; go(to: string): void; household: string[]; municipality: string }) {
  return (
    <section aria-labelledby="receipt">
      <h1 id="receipt">{t('submitted', lang)}</h1>
      <p role="status" className="ok">
        {t('receiptSigned', lang)}
      </p>
      <p>{w('receiptFor', lang, { household: household.join(', '), municipality })}</p>
      <p>{w('receiptNext', lang)}</p>
      <dl className="facts">
        <dt>{t('receiptId', lang)}</dt>
        <dd>{receipt.receiptId}</dd>
        <dt>{t('handoverId', lang)}</dt>
        <dd>{receipt.handoverId}</dd>
        <dt>{t('version', lang)}</dt>
        <dd>{receipt.version}</dd>
        <dt>{t('receivedAt', lang)}</dt>
        <dd>{when(receipt.receivedAt, lang)}</dd>
        <dt>SHA-256</dt>
        <dd className="mono">{receipt.jwsSha256}</dd>
      </dl>
      <a
        href={`/sent/${receipt.handoverId}`}
        onClick={(e) => {
          e.preventDefault();
          go(`/sent/${receipt.handoverId}`);
        }}
      >
        {t('seeDeliveryStatus', lang)}
      </a>
    </section>
  );
}
