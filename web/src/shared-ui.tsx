/** Small pieces every page uses: an in-application link, and a problem from the service shown with each field's message. */
import type { ReactNode } from 'react';
import { ApiError, type Problem } from './api';
import type { Lang } from './i18n';
import { fieldProblems, problemTitle } from './problem-words';

/** A field's error message as DKFDS shows it, "Fejl:" first for screen readers; `id` is what the field's aria-describedby names. */
export function FieldError({ id, lang, children }: { id: string; lang: Lang; children: ReactNode }) {
  return (
    <p className="form-error-message" id={id}>
      <span className="sr-only">{lang === 'da' ? 'Fejl: ' : 'Error: '}</span>
      {children}
    </p>
  );
}

/** A link that changes the page without reloading the application. */
export function Link({ to, go, children }: { to: string; go: (to: string) => void; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        e.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}

/** A refusal in the page's language: its code's words and each field's label and rule (RFC 9457 `errors`), never a JSON Pointer. */
export function ProblemAlert({ problem, prefix, lang, labelOf }: { problem: Problem; prefix?: string; lang: Lang; labelOf?: (pointer: string) => string | undefined }) {
  const fields = fieldProblems(problem, lang, labelOf);
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-heading">
        {prefix ? `${prefix}: ` : ''}
        {problemTitle(problem, lang)}
      </p>
      {fields.length > 0 && (
        <ul className="alert-text">
          {fields.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What became of a form's action: said politely (status) when it worked, as an alert when not; dkfds's success and error alerts. */
export function Outcome({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return (
    <div role={message.ok ? 'status' : 'alert'} className={`alert ${message.ok ? 'alert-success' : 'alert-error'}`}>
      <p className="alert-text">{message.text}</p>
    </div>
  );
}

/**
 * A failed call in one line, in the page's language: the problem's words and each field's label and
 * rule. The service's detail is written for integrators, in English, so a page does not show it.
 */
export function problemText(err: unknown, lang: Lang, labelOf?: (pointer: string) => string | undefined): string {
  // A call that got no answer (the network, the browser) is said as the service's own failure is.
  const problem: Problem = err instanceof ApiError ? err.problem : { status: 500, title: String(err) };
  return [problemTitle(problem, lang), ...fieldProblems(problem, lang, labelOf)].join(' – ');
}
