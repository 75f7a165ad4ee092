/**
 * Messages of the results pages, kept in their own file so the pages' owners can add keys without
 * touching the shared ones; merged into ja.ts / en.ts under `results`.
 */
export const resultsJa = {} as const;

export const resultsEn = {} satisfies Record<keyof typeof resultsJa, unknown>;
