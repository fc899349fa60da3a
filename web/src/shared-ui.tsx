/** Small pieces every page uses: an in-application link, and a problem from the service shown with each field's message. */
import type { ReactNode } from 'react';
import { ApiError, type Problem } from './api';

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

/** A refusal: its title and detail, and each field's pointer and message (RFC 9457 `errors`). */
export function ProblemAlert({ problem, prefix }: { problem: Problem; prefix?: string }) {
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-heading">
        {prefix ? `${prefix}: ` : ''}
        {problem.title}
        {problem.detail ? ` – ${problem.detail}` : ''}
      </p>
      {problem.errors && (
        <ul className="alert-text">
          {problem.errors.map((e) => (
            <li key={e.pointer + e.message}>
              <code>{e.pointer}</code> {e.message}
            </li>
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

/** A failed call in one line: the problem's title, detail and each field's pointer and message. */
export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  const { title, detail, errors = [] } = err.problem;
  return [title, detail, ...errors.map((x) => `${x.pointer} ${x.message}`)].filter(Boolean).join(' – ');
}
