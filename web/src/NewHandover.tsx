/**
 * A sender fills a handover and signs it in the browser: the envelope and each person's
 * social-information and health-screening forms are drawn from the published schema (labels from
 * the schemas, fields shown only when they apply), checked as they are typed with the same schemas
 * and, a moment later, with the service's cross-field rules and completeness score; attachments
 * are hashed in the browser into the signed manifest; the draft is kept on the service, not in the
 * browser; the JWS is made with this browser's non-extractable key and submitted with the files.
 */
import Form from '@rjsf/core';
import type { FieldProps, RJSFSchema } from '@rjsf/utils';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type Problem, type Session } from './api';
import { AttachmentsField, type AttachmentFiles } from './AttachmentsField';
import { buttonTemplates, DEFAULTS, errorsAt, HiddenField, validatorFor, WIDGETS, withoutEmpty } from './form-kit';
import { localeOf, t, when, type Lang } from './i18n';
import { ProblemAlert } from './shared-ui';
import { blankPerson, documentTitle, formSchema, handoverUiSchema } from './schema-form';
import { findKey, signCompact, type BrowserKey } from './signing-key';

const VERSION = '1.1';
/** Each person's two forms, in the order the PDF shows them. */
const PARTS = ['socialInformation', 'healthScreening'] as const;
type Part = (typeof PARTS)[number];
const PERSON_UI = { personRef: { 'ui:widget': 'hidden' } };
type Doc = Record<string, any>;

interface Receipt {
  receiptId: string;
  handoverId: string;
  version: number;
  receivedAt: string;
  jwsSha256: string;
}
interface Checked {
  score?: number;
  problem: Problem | null;
}

export function NewHandover({ lang, session, go, draftId, basedOn }: { lang: Lang; session: Session; go: (to: string) => void; draftId?: string; basedOn?: string }) {
  const [schema, setSchema] = useState<RJSFSchema | null>(null);
  const [personSchemas, setPersonSchemas] = useState<Record<Part, RJSFSchema> | null>(null);
  const [tab, setTab] = useState<{ person: number; part: Part } | null>(null);
  // The forms are controlled (the form library re-reads its data from this prop on every change of
  // any prop); a new `generation` gives them a fresh start when the application changes the document itself.
  const [doc, setDoc] = useState<Doc | null>(null);
  const [generation, setGeneration] = useState(0);
  const restart = useCallback((next: Doc) => {
    setDoc(next);
    setGeneration((g) => g + 1);
  }, []);
  const [key, setKey] = useState<BrowserKey | undefined>(undefined);
  const [checked, setChecked] = useState<Checked>({ problem: null });
  const [submitProblem, setSubmitProblem] = useState<Problem | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const files = useRef<AttachmentFiles>(new Map());
  const draft = useRef<string>(draftId ?? crypto.randomUUID());

  useEffect(() => {
    Promise.all([formSchema('handover', VERSION, lang), formSchema('social-information', VERSION, lang), formSchema('health-screening', VERSION, lang)]).then(
      ([handover, social, health]) => {
        setSchema(handover);
        setPersonSchemas({ socialInformation: social, healthScreening: health });
      },
      (e: Error) => setSubmitProblem({ status: 0, title: e.message }),
    );
  }, [lang]);
  useEffect(() => {
    findKey(session.organisationId).then(setKey);
    (async () => {
      if (draftId) {
        const saved = await api.get<{ document: Doc; savedAt: string }>(`/v1/drafts/${draftId}`);
        setSavedAt(saved.savedAt);
        return restart(saved.document);
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
        return restart({ ...rest, version: current.version + 1, supersedes: { version: current.version } });
      }
      restart({
        documentType: 'handover',
        schemaVersion: VERSION,
        handoverId: crypto.randomUUID(),
        version: 1,
        createdAt: new Date().toISOString(),
        sender: { organisationId: session.organisationId, organisationType: session.organisationType, organisationName: session.organisationName },
        recipient: {},
        household: { relations: [], livingArrangements: [] },
        persons: [await blankPerson(VERSION, 'P1')],
        attachments: [],
        consents: [],
        urgentFlags: [],
      });
    })().catch((e: Error) => setSubmitProblem({ status: 0, title: e.message }));
  }, [session, draftId, basedOn, restart]);

  // The service's cross-field rules and completeness, a moment after the last change.
  useEffect(() => {
    if (!doc) return;
    const timer = setTimeout(() => {
      api.post<{ completeness?: { score: number } }>('/v1/validate', withoutEmpty({ ...doc, createdAt: new Date().toISOString() })).then(
        (r) => setChecked({ score: r.completeness?.score, problem: null }),
        (e) => setChecked({ problem: e instanceof ApiError ? e.problem : { status: 0, title: String(e) } }),
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [doc]);

  const uiSchema = useMemo(() => {
    const ui = handoverUiSchema();
    ui.persons = { 'ui:field': 'hidden' };
    return ui;
  }, []);

  const addPerson = async () => {
    if (!doc) return;
    const used = new Set((doc.persons as Doc[]).map((p) => p.personRef));
    let n = doc.persons.length + 1;
    while (used.has(`P${n}`)) n++;
    restart({ ...doc, persons: [...doc.persons, await blankPerson(VERSION, `P${n}`)] });
    setTab({ person: doc.persons.length, part: 'socialInformation' });
  };

  const saveDraft = async () => {
    if (!doc) return;
    const saved = await api.put<{ savedAt: string }>(`/v1/drafts/${draft.current}`, { document: withoutEmpty(doc) });
    setSavedAt(saved.savedAt);
  };

  const signAndSubmit = async () => {
    if (!doc || !key || !schema) return;
    setSubmitProblem(null);
    // The schemas first, in the page: nothing is signed that the service would refuse for its shape.
    const { errors } = validatorFor(lang).validateFormData(withoutEmpty(doc), schema);
    if (errors.length > 0) {
      setSubmitProblem({ status: 0, title: t('fixBeforeSigning', lang, { n: errors.length }), errors: errors.slice(0, 30).map((e) => ({ pointer: (e.property ?? '').replace(/\./g, '/'), message: e.message ?? '' })) });
      return;
    }
    setBusy(true);
    try {
      const signed: Doc = withoutEmpty({ ...doc, createdAt: new Date().toISOString() });
      const jws = await signCompact(key, new TextEncoder().encode(JSON.stringify(signed)), 'handover+jws');
      const body = new FormData();
      body.append('jws', jws);
      for (const a of signed.attachments as Doc[]) {
        const file = files.current.get(a.attachmentRef);
        if (file) body.append('attachments', file, a.filename);
      }
      const res = await fetch('/v1/handovers', { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json', 'x-handover-web': '1' } });
      const json = await res.json();
      if (!res.ok) throw new ApiError(json as Problem);
      setReceipt(json as Receipt);
      if (savedAt || draftId) await api.delete(`/v1/drafts/${draft.current}`);
    } catch (e) {
      setSubmitProblem(e instanceof ApiError ? e.problem : { status: 0, title: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const fields = useMemo(() => ({ hidden: HiddenField, attachments: (p: FieldProps) => <AttachmentsField {...p} lang={lang} files={files.current} /> }), [lang]);

  if (receipt) {
    return (
      <section aria-labelledby="receipt">
        <h1 id="receipt">{t('submitted', lang)}</h1>
        <p role="status" className="ok">
          {t('receiptSigned', lang)}
        </p>
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
  if (!schema || !personSchemas || !doc) return <p>{submitProblem ? `${t('error', lang)}: ${submitProblem.title}` : t('loading', lang)}</p>;

  const serverErrors = errorsAt(checked.problem) as Record<string, any> | undefined;
  const person = tab === null ? undefined : (doc.persons as Doc[])[tab.person];
  const nameOf = (p: Doc) => [p.socialInformation?.identity?.givenNames, p.socialInformation?.identity?.familyName].filter(Boolean).join(' ');
  return (
    <>
      <h1>{doc.version > 1 ? t('newVersion', lang, { version: doc.version }) : t('newHandover', lang)}</h1>
      <div className="progress" role="status" aria-live="polite">
        {checked.score !== undefined ? t('completenessNow', lang, { score: checked.score }) : checked.problem ? t('problemsLeft', lang, { n: checked.problem.errors?.length ?? 1 }) : t('loading', lang)}
        {savedAt && <span> · {t('draftSavedAt', lang, { at: new Date(savedAt).toLocaleTimeString(localeOf(lang)) })}</span>}
      </div>
      <p className="hint">{t('blankIsNotNothing', lang)}</p>
      {/* One part of the handover at a time: the household and its consents, or one person's form. */}
      <nav className="tabs" aria-label={t('formParts', lang)}>
        <button type="button" aria-pressed={tab === null} onClick={() => setTab(null)}>
          {t('householdAndSending', lang)}
        </button>
        {(doc.persons as Doc[]).map((p, i) =>
          PARTS.map((part) => (
            <button key={`${p.personRef}-${part}`} type="button" aria-pressed={tab?.person === i && tab.part === part} onClick={() => setTab({ person: i, part })}>
              {[p.personRef, nameOf(p)].filter(Boolean).join(' ')}: {documentTitle(personSchemas[part])}
            </button>
          )),
        )}
        <button type="button" className="secondary" onClick={addPerson}>
          {t('addPerson', lang)}
        </button>
      </nav>
      {tab === null || !person ? (
        <Form
          schema={schema}
          uiSchema={uiSchema}
          key={`envelope-${generation}`}
          formData={doc}
          validator={validatorFor(lang)}
          templates={buttonTemplates(lang)}
          fields={fields}
          widgets={WIDGETS}
          formContext={{ persons: doc.persons, lang }}
          onChange={(e) => setDoc((d) => ({ ...(e.formData as Doc), persons: d!.persons }))}
          liveValidate="onChange"
          showErrorList={false}
          extraErrors={serverErrors ? { ...serverErrors, persons: undefined } : undefined}
          experimental_defaultFormStateBehavior={DEFAULTS}
          noHtml5Validate
        >
          <span />
        </Form>
      ) : (
        <Form
          schema={personSchemas![tab.part]}
          uiSchema={PERSON_UI}
          key={`${person.personRef}-${tab.part}-${generation}`}
          idPrefix={`${person.personRef}-${tab.part}`}
          formData={person[tab.part]}
          validator={validatorFor(lang)}
          templates={buttonTemplates(lang)}
          fields={fields}
          widgets={WIDGETS}
          formContext={{ persons: doc.persons, lang }}
          onChange={(e) => setDoc((d) => ({ ...d!, persons: (d!.persons as Doc[]).map((p, i) => (i === tab.person ? { ...p, [tab.part]: { ...(e.formData as Doc), personRef: p.personRef } } : p)) }))}
          liveValidate="onChange"
          showErrorList={false}
          extraErrors={serverErrors?.persons?.[tab.person]?.[tab.part]}
          experimental_defaultFormStateBehavior={DEFAULTS}
          noHtml5Validate
        >
          <span />
        </Form>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={saveDraft}>
          {t('saveDraft', lang)}
        </button>
        {key ? (
          <button type="button" onClick={signAndSubmit} disabled={busy}>
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
        )}
      </div>
      {submitProblem && <ProblemAlert problem={submitProblem} prefix={t('notSubmitted', lang)} />}
    </>
  );
}
