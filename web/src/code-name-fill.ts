/**
 * A picked code names its sibling field (the layout's codeNames: an ATC code its medicine's name,
 * an ICD-10 code its condition), only while that field is empty: what the nurse typed is never
 * overwritten, and she changes the name as any other text.
 */
import { codeName, type CodeList } from '../../src/domain/code-names';
import { getIn, isGiven, type Path } from './form-model';
import type { FormContext } from './form-fields';

export function fillCodeName(ctx: FormContext, path: Path, list: CodeList, code: string): void {
  const sibling = ctx.codeNameField?.(path);
  if (!sibling) return;
  const at = [...path.slice(0, -1), sibling];
  const name = codeName(list, code, ctx.lang);
  if (name && !isGiven(getIn(ctx.doc, at))) ctx.change(at, name);
}
