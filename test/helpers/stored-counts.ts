/** Counts what is stored, so a test can prove a rejected request stored nothing. */
import type { Deps } from '../../src/deps.js';

export async function storedCounts(deps: Deps): Promise<Record<string, number>> {
  const db = deps.db.connection.db!;
  const out: Record<string, number> = {};
  for (const c of await db.listCollections().toArray()) out[c.name] = await db.collection(c.name).countDocuments({});
  return out;
}

/** The collections that hold submitted data (not the registry of organisations, keys and credentials). */
export async function submittedCounts(deps: Deps): Promise<{ handovers: number; contents: number; withdrawals: number; files: number; chunks: number }> {
  const db = deps.db.connection.db!;
  return {
    handovers: await db.collection('handover_versions').countDocuments({}),
    contents: await db.collection('handover_contents').countDocuments({}),
    withdrawals: await db.collection('withdrawals').countDocuments({}),
    files: await db.collection('attachments.files').countDocuments({}),
    chunks: await db.collection('attachments.chunks').countDocuments({}),
  };
}
