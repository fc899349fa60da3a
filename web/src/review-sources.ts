/**
 * "Tjek dine svar" says a person's own source (method, who, role, date, language, interpreter) once:
 * a section's source that is the same as the one the layout's `inherit` copies it from is left
 * out, and the person's own source is followed by a line saying it holds for every section that
 * shows none of its own. A section's source that differs is shown in full.
 */
import type { Lang } from './i18n';
import { getIn, isGiven, type Path } from './form-model';
import { w } from './form-words';
import type { Answer } from './form-answers';

export interface SourceScope {
  /** Where the person's form starts, and which properties (by name) start as a copy of one of its top-level properties. */
  formBase: Path;
  inherit?: Record<string, string>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The answers of one step with every source equal to the person's own left out, and the person's own source said to hold for the rest. */
export function withSourcesOnce(answers: Answer[], doc: unknown, scope: SourceScope, lang: Lang): Answer[] {
  const inherit = scope.inherit ?? {};
  const base = scope.formBase.length;
  const out: Answer[] = [];
  for (const a of answers) {
    const at = a.path.findIndex((p, j) => j > base && typeof p === 'string' && p in inherit);
    if (at >= 0) {
      const own = getIn(doc, [...scope.formBase, inherit[a.path[at] as string]!]);
      if (isGiven(own) && same(getIn(doc, a.path.slice(0, at + 1)), own)) continue;
    }
    out.push(a);
  }
  // After the person's own source (the last of its answers): it holds wherever a section shows none.
  for (const from of new Set(Object.values(inherit))) {
    const ownPath = [...scope.formBase, from];
    let last = -1;
    out.forEach((a, i) => {
      if (a.path.length > ownPath.length && ownPath.every((p, j) => a.path[j] === p)) last = i;
    });
    if (last < 0) continue;
    const label = out[last]!.label.split(' › ')[0]!;
    out.splice(last + 1, 0, { path: ownPath, label, value: w('sourceForAll', lang) });
  }
  return out;
}
