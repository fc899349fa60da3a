/** Which versions a handover has, which are withdrawn and which is current: what every reader asks first. */
import type { Models } from './models.js';
import type { VersionState } from '../services/ports/recipients.js';

export function versionStateRepository(models: Models) {
  const { HandoverVersion, Withdrawal } = models;
  return {
    /** Which versions a handover has, which are withdrawn and which is current: two queries by handoverId, side by side. */
    async versionState(handoverId: string): Promise<VersionState | undefined> {
      const [stored, withdrawals] = await Promise.all([
        HandoverVersion.find({ handoverId: String(handoverId) }, { version: 1, retiredAt: 1 }).lean<{ version: number; retiredAt?: Date }[]>(),
        Withdrawal.find({ handoverId: String(handoverId) }, { version: 1 }).lean<{ version: number }[]>(),
      ]);
      // Deleted under its retention rule: to every reader as if it had never been stored.
      if (stored.length === 0 || stored.some((v) => v.retiredAt)) return undefined;
      const versions = stored.map((v) => v.version).sort((a, b) => b - a);
      const latestVersion = versions[0]!;
      const withdrawn = new Set(withdrawals.map((w) => w.version).filter((v) => versions.includes(v)));
      const currentVersion = versions.find((v) => !withdrawn.has(v));
      return { ...(currentVersion !== undefined ? { currentVersion } : {}), withdrawn, latestVersion };
    },
  };
}
