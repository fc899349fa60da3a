/** What the orphan sweeper needs of the sweep ledger (storage/sweep-ledger.ts). */

export interface SweepTargets {
  /** Removes a GridFS file and any chunks of it (also of an upload cut off before its files entry). */
  removeFile(fileId: string): Promise<void>;
  /** Makes sure a stored version ("<handoverId>:<version>") is shown in its feed (its writer may have stopped before committing it). */
  fileVersion(versionId: string): Promise<void>;
}

export interface SweepLedger {
  /** Settles every note written before `olderThan` (referenced: kept; otherwise removed); how many files and contents were removed. */
  sweep(olderThan: Date, targets: SweepTargets): Promise<number>;
}
