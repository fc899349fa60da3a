/**
 * dkfds's error summary ("fejlopsummering") for a form drawn by form-fields.tsx: at the top, each
 * problem a link that moves the focus to its field, named by where it is in the page's words.
 */
import type { RefObject } from 'react';
import { idOf } from './form-fields';
import { placeOf } from './form-answers';
import type { Path, Tree } from './form-model';
import { pathOf, type Problemish } from './form-validation';
import { w } from './form-words';
import type { Lang } from './i18n';

/** The focus to a field by its path (a group of radio buttons: its first button), scrolled into view. */
export function focusField(path: Path): void {
  const el = document.getElementById(idOf(path));
  const target = el && !el.matches('input, select, textarea') ? ((el.querySelector('input, select, textarea') as HTMLElement | null) ?? el) : el;
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

/** Which problems show at their field: a field's once it was left, every one once sending was tried. */
export function shownAt(problems: Problemish[], touched: Set<string>, tried: boolean): Map<string, string[]> {
  const within = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
  const map = new Map<string, string[]>();
  for (const e of problems) if (tried || [...touched].some((p) => within(e.pointer, p))) map.set(e.pointer, [...(map.get(e.pointer) ?? []), e.message]);
  return map;
}

export function ErrorSummary({ id, problems, tree, doc, lang, summary }: { id: string; problems: Problemish[]; tree: Tree; doc: unknown; lang: Lang; summary: RefObject<HTMLDivElement | null> }) {
  return (
    <div className="alert alert-error error-summary" role="alert" aria-labelledby={id} tabIndex={-1} ref={summary}>
      <h3 id={id} className="alert-heading">
        {problems.length === 1 ? w('errorSummaryOne', lang) : w('errorSummary', lang, { n: problems.length })}
      </h3>
      <ul className="alert-text nobullet-list">
        {problems.map((e, i) => (
          <li key={i}>
            <a
              href={`#${idOf(pathOf(e.pointer))}`}
              onClick={(ev) => {
                ev.preventDefault();
                focusField(pathOf(e.pointer));
              }}
            >
              {placeOf(tree, doc, pathOf(e.pointer), lang)}: {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
