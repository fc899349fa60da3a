/** A person's name as one line of text, for every reader: a person with one name (1.2 `noFamilyName`) is that name alone. */

export interface NamedIdentity {
  givenNames: string;
  familyName?: string;
}

/** "Given Family", or only the given name when the person has no family name (never the given name twice). */
export function personName(identity: NamedIdentity): string {
  return identity.familyName ? `${identity.givenNames} ${identity.familyName}` : identity.givenNames;
}
