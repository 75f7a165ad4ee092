/**
 * Messages of the workspace pages, kept in their own file so the pages' owners can add keys without
 * touching the shared ones; merged into ja.ts / en.ts under `workspace`.
 */
export const workspaceJa = {} as const;

export const workspaceEn = {} satisfies Record<keyof typeof workspaceJa, unknown>;
