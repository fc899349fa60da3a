/** The small builders the response schemas are written with (response-schemas.ts). */
export const string = { type: 'string' } as const;
export const integer = { type: 'integer' } as const;
export const boolean = { type: 'boolean' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const date = { type: 'string', format: 'date' } as const;
/** A date of birth as the 1.2 forms take it: a year, a year and month, or a full date. */
export const birthDate = { type: 'string', pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$' } as const;
export const nullable = <T extends object>(s: T) => ({ oneOf: [s, { type: 'null' }] });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const object = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties });
export const arrayOf = (items: unknown) => ({ type: 'array', items });
export const draftSummary = object(['draftId', 'persons', 'savedAt', 'expiresAt'], { draftId: string, persons: arrayOf(string), municipalityCode: string, savedAt: dateTime, expiresAt: dateTime });

/** A page of one of the lists (feed, a sender's handovers, audit log): the one pagination contract. */
export const page = (item: unknown) => object(['items', 'next', 'resumeAfter'], { items: arrayOf(item), next: nullable(string), resumeAfter: string });
