/** What every form of the standard sends: the document without the blanks a form leaves behind for parts nobody filled. */

/** The document without the empty objects and strings a form leaves behind for parts nobody filled (an optional part is absent, not empty). */
export function withoutEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmpty) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const cleaned = withoutEmpty(v);
    if (cleaned === undefined || cleaned === '') continue;
    if (cleaned && typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
    out[k] = cleaned;
  }
  return out as T;
}
