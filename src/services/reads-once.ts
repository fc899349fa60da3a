/**
 * A view of a store whose named reads are made once for the same arguments: the derivations of
 * one note (its retention filing, its funnel facts, its figures share) each ask what is stored of
 * its handover, and a version note read the handover's versions eight times and its withdrawals
 * three. Meant for one short unit of work: what it read stays as it was read (a change made
 * meanwhile writes a note of its own, derived after this one). A failed read is not kept.
 */
export function readsOnce<T extends object>(store: T, reads: readonly (keyof T & string)[]): T {
  const memo = new Map<string, Promise<unknown>>();
  const wrapped = new Map<string | symbol, unknown>();
  for (const name of reads) {
    const read = store[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    wrapped.set(name, (...args: unknown[]) => {
      const key = `${name}:${JSON.stringify(args)}`;
      let result = memo.get(key);
      if (!result) {
        result = read.apply(store, args);
        memo.set(key, result);
        result.catch(() => memo.delete(key));
      }
      return result;
    });
  }
  return new Proxy(store, { get: (target, prop) => (wrapped.has(prop) ? wrapped.get(prop) : Reflect.get(target, prop, target)) });
}
