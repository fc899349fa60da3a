/**
 * Signed checkpoints of the audit log, in a collection of their own: each names the chain's head
 * (number and hash) at a moment, signed by the service key, so `audit verify` can tell that
 * events were removed from the end or the chain was rewritten as a whole. Numbered 1, 2, 3... as
 * a dense sequence; instances writing one at the same moment each get their own number.
 */
import type { AuditCheckpoint } from '../domain/audit-chain.js';
import { denseSequence, probeHead } from './dense-sequence.js';
import { isDuplicateKey, type Models } from './models.js';

type Stored = Omit<AuditCheckpoint, 'number'> & { _id: number };
const toCheckpoint = ({ _id, ...rest }: Stored): AuditCheckpoint => ({ number: _id, ...rest });

export function auditCheckpointRepository(models: Models) {
  const { AuditCheckpoint: Checkpoints } = models;
  const exists = async (n: number) => Boolean(await Checkpoints.exists({ _id: n }));
  const sequence = denseSequence(async (_scope, n) => exists(n));
  /** The newest checkpoint number this process has seen. */
  let newest = 0;
  return {
    /** Stores a checkpoint under the next number; `make(n)` builds (and signs) it for that number. */
    async append(make: (number: number) => Promise<Omit<AuditCheckpoint, 'number'>>): Promise<AuditCheckpoint> {
      let stored: AuditCheckpoint | undefined;
      await sequence.append('checkpoints', async (number) => {
        const checkpoint = { number, ...(await make(number)) };
        try {
          const { number: _n, ...rest } = checkpoint;
          await Checkpoints.create({ _id: number, ...rest });
        } catch (err) {
          if (isDuplicateKey(err)) return false;
          throw err;
        }
        stored = checkpoint;
        return true;
      });
      return stored!;
    },
    /** The newest checkpoint, found by `_id` probes (no sort) from the newest seen before, or undefined when there is none. */
    async latest(): Promise<AuditCheckpoint | undefined> {
      // Checkpoints are never removed by the service: one seen stays a lower bound (a removed one shows as a shorter head).
      const n = await probeHead(newest > 0 && (await exists(newest)) ? newest : 0, exists);
      newest = n;
      if (n === 0) return undefined;
      const c = await Checkpoints.findById(n).lean<Stored>();
      return c ? toCheckpoint(c) : undefined;
    },
  };
}

export type AuditCheckpointRepository = ReturnType<typeof auditCheckpointRepository>;
