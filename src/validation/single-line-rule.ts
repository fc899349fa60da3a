/**
 * The single-line rule, applied by the service to documents of the released 1.0 standard: its
 * `shortText` (names, name in original script, organisation and place names, short
 * descriptions; at most 200 characters) forbade most control characters but let line breaks
 * and tabs through, so a name could carry a line break into a case system's one-line field or
 * a PDF heading. A released schema never changes (schemas/released.json), so the published
 * files stay as they are and the service compiles `shortText` with this extra pattern: line
 * feed, carriage return, tab, the other C0 and C1 controls, DEL and the Unicode line and
 * paragraph separators are refused (`pattern`, with the field's pointer). Multi-line notes
 * (`text`, `longText`) keep their line breaks.
 */
import type { SchemaFile } from './schema-files.js';

/** No control character (C0, DEL, C1) and no U+2028/U+2029: one line of text. */
export const SINGLE_LINE_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$';

/** The releases whose `shortText` predates the rule. */
const APPLIES_TO = new Set(['common/1.0']);

/** The schema files as the service compiles them: the same, but `shortText` single-line where it was not. */
export function withSingleLineRule(files: SchemaFile[]): SchemaFile[] {
  return files.map((file) => {
    if (!APPLIES_TO.has(`${file.name}/${file.version}`)) return file;
    const schema = structuredClone(file.schema) as { $defs: Record<string, Record<string, unknown>> };
    const shortText = schema.$defs.shortText!;
    schema.$defs.shortText = { ...shortText, allOf: [{ type: 'string', pattern: SINGLE_LINE_PATTERN }] };
    return { ...file, schema };
  });
}
