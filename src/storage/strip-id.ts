/** A stored document without its `_id` (the records our repositories return carry their key in their own fields). */
export const stripId = <T extends { _id?: unknown }>(d: T) => {
  const { _id, ...rest } = d;
  return rest;
};
