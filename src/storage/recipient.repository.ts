/**
 * What recipients do with handovers, composed from one repository per concern: the feed's pages,
 * retrievals and acknowledgements, consent changes, records handed on, GP assignments and results,
 * children routed, which version is current, and each handover's read model. Services name the part they use.
 */
import { acknowledgementRepository } from './acknowledgement.repository.js';
import { childRoutingRepository } from './child-routing.repository.js';
import { consentRepository } from './consent.repository.js';
import { feedPageRepository } from './feed-page.repository.js';
import type { FeedLog } from './feed-log.js';
import { gpRepository } from './gp.repository.js';
import { handoverReadRepository } from './handover-read.repository.js';
import type { Models } from './models.js';
import { transferRepository } from './transfer.repository.js';
import { versionStateRepository } from './version-state.repository.js';

export function recipientRepository(models: Models, feed: FeedLog) {
  return {
    ...feedPageRepository(models, feed),
    ...acknowledgementRepository(models),
    ...consentRepository(models),
    ...transferRepository(models),
    ...gpRepository(models),
    ...childRoutingRepository(models),
    ...versionStateRepository(models),
    ...handoverReadRepository(models),
  };
}

export type RecipientRepository = ReturnType<typeof recipientRepository>;
