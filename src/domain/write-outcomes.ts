/**
 * What a repository reports when an insert finds its key taken: outcomes the use cases decide on
 * (a retry, a conflict), so they are part of the domain, not of the storage that detects them.
 */

/** A handover version (or its withdrawal) with this number is already stored: a retry, a twin, or a conflict. */
export class VersionExistsError extends Error {
  constructor() {
    super('this handover version is already stored');
  }
}

/** An organisation id or key id is already taken. */
export class DuplicateError extends Error {
  constructor(readonly what: string) {
    super(`${what} already exists`);
  }
}
