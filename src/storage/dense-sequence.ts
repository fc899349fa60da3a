/**
 * Dense sequences found by equality alone: the feed of each municipality and the audit log are
 * numbered 1, 2, 3... without gaps, each entry stored under `_id` "<scope>:<n>" (or n) and a
 * `bucket` of BUCKET_SIZE consecutive numbers. A page is then one or two equality queries on
 * `bucket`, and the head is found by a few `_id` probes, never by a sort or a range (which
 * FerretDB 1.24 answers by reading the whole collection).
 *
 * Numbers are taken by inserting under a unique `_id`: an insert that finds its number taken
 * (another instance appended first) moves on to the next free one. An entry n is only ever
 * inserted after n-1 was seen, so the numbers stay dense.
 */

export const BUCKET_SIZE = 100;

/** The bucket of number n in a scope: equal for n in [k*100, k*100+99]. */
export function bucketOf(scope: string, n: number): string {
  return `${scope}:${Math.floor(n / BUCKET_SIZE)}`;
}

/**
 * Entries after..after+count of a dense sequence that are stored, without gaps: each bucket they
 * fall in read once (`readBucket(b)` returns bucket b's entries), cut at the first number missing.
 */
export async function readRun<T>(after: number, count: number, readBucket: (bucket: number) => Promise<T[]>, numberOf: (entry: T) => number): Promise<T[]> {
  const buckets: number[] = [];
  for (let b = Math.floor((after + 1) / BUCKET_SIZE); b <= Math.floor((after + count) / BUCKET_SIZE); b++) buckets.push(b);
  const bySeq = new Map((await Promise.all(buckets.map(readBucket))).flat().map((e) => [numberOf(e), e]));
  const run: T[] = [];
  for (let n = after + 1; n <= after + count && bySeq.has(n); n++) run.push(bySeq.get(n)!);
  return run;
}

/**
 * The highest n >= known with every number up to n present, given that `known` is present (or 0):
 * doubling steps, then halving: O(log distance) probes by `_id`.
 */
export async function probeHead(known: number, exists: (n: number) => Promise<boolean>): Promise<number> {
  let low = known;
  let step = 1;
  while (await exists(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid)) low = mid;
    else high = mid;
  }
  return low;
}

export interface DenseSequence {
  /**
   * Inserts the next entry of a scope: `insert(n)` stores it under number n and returns false
   * when n is taken. Appends to one scope are serialised within the process, so only other
   * instances contend. Returns the number the entry got.
   */
  append(scope: string, insert: (n: number) => Promise<boolean>): Promise<number>;
  /** The highest number stored in a scope (0 for none). */
  head(scope: string): Promise<number>;
  /**
   * The next numbers for entries of these scopes, in order, continuing each scope from its head:
   * for bulk seeding only, when no other writer appends meanwhile (nothing is stored here).
   */
  numberInBulk(scopes: readonly string[]): Promise<number[]>;
}

export function denseSequence(exists: (scope: string, n: number) => Promise<boolean>, maxAttempts = 100): DenseSequence {
  /** The last number known to be stored per scope: a lower bound, as other instances append too. */
  const known = new Map<string, number>();
  const queues = new Map<string, Promise<unknown>>();

  const head = async (scope: string) => {
    const n = await probeHead(known.get(scope) ?? 0, (m) => exists(scope, m));
    known.set(scope, Math.max(known.get(scope) ?? 0, n));
    return n;
  };

  async function appendNow(scope: string, insert: (n: number) => Promise<boolean>): Promise<number> {
    let next = (known.has(scope) ? known.get(scope)! : await head(scope)) + 1;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (await insert(next)) {
        known.set(scope, Math.max(known.get(scope) ?? 0, next));
        return next;
      }
      // Taken by another instance: it and maybe more were appended; find the head from there.
      known.set(scope, Math.max(known.get(scope) ?? 0, next));
      next = (await head(scope)) + 1;
    }
    throw new Error(`sequence ${scope}: too much contention to append`);
  }

  return {
    append(scope, insert) {
      const run = (queues.get(scope) ?? Promise.resolve()).then(() => appendNow(scope, insert));
      const settled = run.catch(() => undefined);
      queues.set(scope, settled);
      // Drop the queue once idle, so the map holds only scopes with appends in flight.
      void settled.then(() => {
        if (queues.get(scope) === settled) queues.delete(scope);
      });
      return run;
    },
    head,
    async numberInBulk(scopes) {
      const next = new Map<string, number>();
      for (const scope of new Set(scopes)) next.set(scope, (await head(scope)) + 1);
      return scopes.map((scope) => {
        const n = next.get(scope)!;
        next.set(scope, n + 1);
        return n;
      });
    },
  };
}
