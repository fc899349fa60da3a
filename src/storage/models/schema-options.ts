/** Every collection's schema options: an unknown field is an error, and no version key (only features both MongoDB and FerretDB support). */
export const strict = { strict: 'throw' as const, versionKey: false as const };
