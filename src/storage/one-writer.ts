/**
 * A process's writes of derived documents one after another, whatever is derived side by side:
 * FerretDB 1.24 does not apply concurrent updates of one document whole (funnel.repository.ts),
 * and the derivation lease keeps other processes out, so this makes the process the one writer.
 */
export function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
}
