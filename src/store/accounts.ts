import { createHash, randomBytes, randomUUID } from "node:crypto";
import { problem } from "../model/problems.js";
import { appendAudit } from "./audit.js";
import type { Database, Queryable } from "./database.js";
import { refuse } from "./failure.js";
import { hashPassword, passwordProblem, type ScryptCost, verifyPassword } from "./passwords.js";
import type { Actor } from "./sites.js";

/**
 * Users, sessions, API tokens and memberships. Secrets (session ids, tokens) are random 256-bit values
 * shown once and stored only as SHA-256 hashes, so a copy of the database does not let anyone sign in.
 */
export const siteRoles = ["security-lead", "editor", "viewer", "management", "vendor"] as const;
export type SiteRole = (typeof siteRoles)[number];
export type MembershipScope = "site" | "product";

export interface Membership {
  scope: MembershipScope;
  scopeId: string;
  role: SiteRole;
  organisation: string | null;
}

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  via: "session" | "token";
  /** Tokens may be read-only; sessions can always write what the roles allow. */
  scope: "read" | "write";
  csrfToken?: string;
  memberships: Membership[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scope: "read" | "write";
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AccountOptions {
  clock: () => Date;
  passwordCost?: ScryptCost;
  sessionHours?: number;
  maxFailedLogins?: number;
  lockoutMinutes?: number;
  /**
   * How long a process may reuse who a session or token belongs to without asking the database again
   * (0: never). Every change to accounts, sessions, tokens or roles in this process forgets them at once;
   * another process sees such a change within this time.
   */
  principalCacheMs?: number;
}

export const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  is_admin: boolean;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

function userOf(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    disabled: row.disabled,
    lockedUntil: iso(row.locked_until),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function auditUser(user: User) {
  const { version: _v, ...rest } = user;
  return rest;
}

interface MembershipRow {
  scope: MembershipScope;
  scope_id: string;
  role: SiteRole;
  organisation: string | null;
}

/** The user's memberships as one column of the user's row: identifying a caller is then one query. */
const membershipsColumn = `(select coalesce(json_agg(json_build_object('scope', m.scope, 'scope_id', m.scope_id,
  'role', m.role, 'organisation', m.organisation)), '[]') from memberships m where m.user_id = u.id) as memberships`;

/** A token's last use is recorded to the minute: a write (and its commit) on every request costs more than the request. */
const tokenUseResolutionMs = 60_000;

export type AccountStore = ReturnType<typeof createAccountStore>;

export function createAccountStore(db: Database, options: AccountOptions) {
  const sessionMs = (options.sessionHours ?? 12) * 3600_000;
  const maxFailed = options.maxFailedLogins ?? 5;
  const lockoutMs = (options.lockoutMinutes ?? 15) * 60_000;

  function checkPassword(password: string, username: string) {
    const reason = passwordProblem(password, username);
    if (reason) refuse({ kind: "semantic", problems: [problem("invalid", ["password"], { reason })] });
  }

  async function insertUser(tx: Queryable, input: NewUser, actor: string | null, now: Date): Promise<User> {
    if (!usernamePattern.test(input.username))
      refuse({
        kind: "invalid",
        problems: [problem("format", ["username"], { value: input.username, format: "username" })],
      });
    checkPassword(input.password, input.username);
    const exists = await tx.query("select 1 from users where lower(username) = lower($1)", [input.username]);
    if (exists.length) refuse({ kind: "exists", subject: `user ${input.username}` });
    const hash = await hashPassword(input.password, options.passwordCost);
    const [row] = await tx.query<UserRow>(
      `insert into users(id, username, display_name, password_hash, is_admin, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $6) returning *`,
      [
        randomUUID(),
        input.username,
        input.displayName ?? input.username,
        hash,
        input.isAdmin ?? false,
        now.toISOString(),
      ],
    );
    const user = userOf(row as UserRow);
    await appendAudit(
      tx,
      {
        actor,
        action: "user.create",
        subjectType: "user",
        subjectId: user.username,
        siteId: null,
        before: null,
        after: auditUser(user),
      },
      now,
    );
    return user;
  }

  async function principalOf(
    q: Queryable,
    row: UserRow & { memberships?: MembershipRow[] },
    via: Principal["via"],
    scope: Principal["scope"],
    csrfToken?: string,
  ): Promise<Principal> {
    const memberships =
      row.memberships ??
      (await q.query<MembershipRow>(
        "select scope, scope_id, role, organisation from memberships where user_id = $1",
        [row.id],
      ));
    return {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      via,
      scope,
      ...(csrfToken ? { csrfToken } : {}),
      memberships: memberships.map((m) => ({
        scope: m.scope,
        scopeId: m.scope_id,
        role: m.role,
        organisation: m.organisation,
      })),
    };
  }

  const cacheMs = options.principalCacheMs ?? 0;
  const recent = new Map<string, { principal: Principal; until: number }>();
  const remembered = (hash: string): Principal | undefined => {
    const hit = recent.get(hash);
    if (hit && hit.until > performance.now()) return hit.principal;
    if (hit) recent.delete(hash);
    return undefined;
  };
  const remember = (hash: string, principal: Principal | undefined): Principal | undefined => {
    if (cacheMs > 0 && principal) {
      if (recent.size >= 10_000) recent.clear();
      recent.set(hash, { principal, until: performance.now() + cacheMs });
    }
    return principal;
  };

  const store = {
    async needsSetup(): Promise<boolean> {
      const rows = await db.query("select 1 from users limit 1");
      return rows.length === 0;
    },

    /** First run: creates the first administrator, only while there is no user at all. */
    async setup(input: NewUser): Promise<User> {
      recent.clear();
      const now = options.clock();
      return db.transaction(async (tx) => {
        // Two concurrent first-run requests: the lock makes the second see the first's user.
        await tx.query("lock table users in exclusive mode");
        const any = await tx.query("select 1 from users limit 1");
        if (any.length) refuse({ kind: "setup-done" });
        return insertUser(tx, { ...input, isAdmin: true }, input.username, now);
      });
    },

    async createUser(input: NewUser, actor: Actor): Promise<User> {
      recent.clear();
      const now = options.clock();
      return db.transaction((tx) => insertUser(tx, input, actor.username, now));
    },

    async listUsers(): Promise<User[]> {
      return (await db.query<UserRow>("select * from users order by username")).map(userOf);
    },

    async getUser(id: string): Promise<User> {
      const [row] = await db.query<UserRow>("select * from users where id = $1 or username = $1", [id]);
      if (!row) refuse({ kind: "not-found", subject: `user ${id}` });
      return userOf(row);
    },

    async updateUser(
      id: string,
      change: { displayName?: string; isAdmin?: boolean; disabled?: boolean },
      expectedVersion: number | undefined,
      actor: Actor,
    ): Promise<User> {
      recent.clear();
      const now = options.clock();
      return db.transaction(async (tx) => {
        const [row] = await tx.query<UserRow>("select * from users where id = $1 for update", [id]);
        if (!row) refuse({ kind: "not-found", subject: `user ${id}` });
        if (expectedVersion === undefined) refuse({ kind: "precondition-required", subject: `user ${id}` });
        if (row.version !== expectedVersion)
          refuse({
            kind: "stale",
            subject: `user ${id}`,
            current: {
              version: row.version,
              updatedAt: new Date(row.updated_at).toISOString(),
              updatedBy: null,
            },
          });
        if (row.id === actor.userId && (change.isAdmin === false || change.disabled === true))
          refuse({ kind: "forbidden", reason: "cannot-demote-self" });
        const [updated] = await tx.query<UserRow>(
          `update users set display_name = coalesce($2, display_name), is_admin = coalesce($3, is_admin),
             disabled = coalesce($4, disabled), version = version + 1, updated_at = $5 where id = $1 returning *`,
          [
            id,
            change.displayName ?? null,
            change.isAdmin ?? null,
            change.disabled ?? null,
            now.toISOString(),
          ],
        );
        if (change.disabled) await tx.query("delete from sessions where user_id = $1", [id]);
        const user = userOf(updated as UserRow);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "user.update",
            subjectType: "user",
            subjectId: user.username,
            siteId: null,
            before: auditUser(userOf(row)),
            after: auditUser(user),
          },
          now,
        );
        return user;
      });
    },

    /** Sets a new password, unlocks the account and ends its sessions. */
    async resetPassword(id: string, password: string, actor: string | null): Promise<User> {
      recent.clear();
      const now = options.clock();
      const [found] = await db.query<UserRow>("select * from users where id = $1 or username = $1", [id]);
      if (!found) refuse({ kind: "not-found", subject: `user ${id}` });
      checkPassword(password, found.username);
      const hash = await hashPassword(password, options.passwordCost);
      return db.transaction(async (tx) => {
        const [row] = await tx.query<UserRow>(
          `update users set password_hash = $2, failed_logins = 0, locked_until = null, version = version + 1, updated_at = $3
           where id = $1 returning *`,
          [found.id, hash, now.toISOString()],
        );
        await tx.query("delete from sessions where user_id = $1", [found.id]);
        await appendAudit(
          tx,
          {
            actor,
            action: "user.reset-password",
            subjectType: "user",
            subjectId: found.username,
            siteId: null,
            before: null,
            after: null,
          },
          now,
        );
        return userOf(row as UserRow);
      });
    },

    /**
     * Checks a password. After `maxFailedLogins` failures in a row the account is locked for a while; the
     * answer to a wrong user name and to a wrong password is the same, so names cannot be probed.
     */
    async login(
      username: string,
      password: string,
    ): Promise<
      { sessionToken: string; principal: Principal } | { failure: "invalid" | "locked"; until?: string }
    > {
      const now = options.clock();
      const [row] = await db.query<UserRow>("select * from users where lower(username) = lower($1)", [
        username,
      ]);
      if (!row || row.disabled) {
        // Spend the same time as a real check, so timing does not reveal which names exist.
        await verifyPassword(password, await hashPassword("timing-equaliser", options.passwordCost));
        return { failure: "invalid" };
      }
      if (row.locked_until && new Date(row.locked_until) > now)
        return { failure: "locked", until: iso(row.locked_until) ?? undefined };
      if (!(await verifyPassword(password, row.password_hash))) {
        await db.transaction(async (tx) => {
          const [updated] = await tx.query<{ failed_logins: number }>(
            "update users set failed_logins = failed_logins + 1 where id = $1 returning failed_logins",
            [row.id],
          );
          if ((updated?.failed_logins ?? 0) >= maxFailed) {
            const until = new Date(now.getTime() + lockoutMs);
            await tx.query("update users set failed_logins = 0, locked_until = $2 where id = $1", [
              row.id,
              until.toISOString(),
            ]);
            await appendAudit(
              tx,
              {
                actor: null,
                action: "user.lock",
                subjectType: "user",
                subjectId: row.username,
                siteId: null,
                before: null,
                after: { lockedUntil: until.toISOString() },
              },
              now,
            );
          }
        });
        return { failure: "invalid" };
      }
      const sessionToken = newSecret("ms");
      const csrfToken = randomBytes(24).toString("base64url");
      await db.transaction(async (tx) => {
        await tx.query("update users set failed_logins = 0, locked_until = null where id = $1", [row.id]);
        await tx.query("delete from sessions where expires_at < $1", [now.toISOString()]);
        await tx.query(
          "insert into sessions(token_hash, user_id, csrf_token, created_at, expires_at) values ($1, $2, $3, $4, $5)",
          [
            secretHash(sessionToken),
            row.id,
            csrfToken,
            now.toISOString(),
            new Date(now.getTime() + sessionMs).toISOString(),
          ],
        );
        await appendAudit(
          tx,
          {
            actor: row.username,
            action: "session.login",
            subjectType: "user",
            subjectId: row.username,
            siteId: null,
            before: null,
            after: null,
          },
          now,
        );
      });
      return { sessionToken, principal: await principalOf(db, row, "session", "write", csrfToken) };
    },

    async logout(sessionToken: string, actor: Actor): Promise<void> {
      recent.clear();
      const now = options.clock();
      await db.transaction(async (tx) => {
        await tx.query("delete from sessions where token_hash = $1", [secretHash(sessionToken)]);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "session.logout",
            subjectType: "user",
            subjectId: actor.username,
            siteId: null,
            before: null,
            after: null,
          },
          now,
        );
      });
    },

    async principalFromSession(sessionToken: string): Promise<Principal | undefined> {
      const hash = secretHash(sessionToken);
      const known = remembered(hash);
      if (known) return known;
      const [row] = await db.query<UserRow & { csrf_token: string; memberships: MembershipRow[] }>(
        `select u.*, s.csrf_token, ${membershipsColumn} from sessions s join users u on u.id = s.user_id
         where s.token_hash = $1 and s.expires_at > $2 and not u.disabled`,
        [hash, options.clock().toISOString()],
      );
      return remember(hash, row ? await principalOf(db, row, "session", "write", row.csrf_token) : undefined);
    },

    async principalFromToken(token: string): Promise<Principal | undefined> {
      const hash = secretHash(token);
      const known = remembered(hash);
      if (known) return known;
      const now = options.clock();
      const [row] = await db.query<
        UserRow & {
          token_scope: "read" | "write";
          token_id: string;
          token_used_at: Date | null;
          memberships: MembershipRow[];
        }
      >(
        `select u.*, t.scope as token_scope, t.id as token_id, t.last_used_at as token_used_at, ${membershipsColumn}
         from api_tokens t join users u on u.id = t.user_id
         where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2 and not u.disabled`,
        [hash, now.toISOString()],
      );
      if (!row) return undefined;
      if (!row.token_used_at || now.getTime() - new Date(row.token_used_at).getTime() >= tokenUseResolutionMs)
        await db.query("update api_tokens set last_used_at = $2 where id = $1", [
          row.token_id,
          now.toISOString(),
        ]);
      return remember(hash, await principalOf(db, row, "token", row.token_scope));
    },

    async createToken(
      actor: Actor,
      input: { name: string; scope: "read" | "write"; expiresInDays: number },
    ): Promise<{ token: string; record: ApiToken }> {
      const now = options.clock();
      const token = newSecret("mt");
      const record: ApiToken = {
        id: randomUUID(),
        name: input.name,
        scope: input.scope,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
        revokedAt: null,
        lastUsedAt: null,
      };
      await db.transaction(async (tx) => {
        await tx.query(
          "insert into api_tokens(id, user_id, name, token_hash, scope, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7)",
          [
            record.id,
            actor.userId,
            record.name,
            secretHash(token),
            record.scope,
            record.createdAt,
            record.expiresAt,
          ],
        );
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "token.create",
            subjectType: "token",
            subjectId: record.id,
            siteId: null,
            before: null,
            after: record,
          },
          now,
        );
      });
      return { token, record };
    },

    async listTokens(userId: string): Promise<ApiToken[]> {
      const rows = await db.query<{
        id: string;
        name: string;
        scope: "read" | "write";
        created_at: Date;
        expires_at: Date;
        revoked_at: Date | null;
        last_used_at: Date | null;
      }>(
        "select id, name, scope, created_at, expires_at, revoked_at, last_used_at from api_tokens where user_id = $1 order by created_at desc",
        [userId],
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        scope: r.scope,
        createdAt: new Date(r.created_at).toISOString(),
        expiresAt: new Date(r.expires_at).toISOString(),
        revokedAt: iso(r.revoked_at),
        lastUsedAt: iso(r.last_used_at),
      }));
    },

    async revokeToken(actor: Actor, id: string, asAdmin: boolean): Promise<void> {
      recent.clear();
      const now = options.clock();
      await db.transaction(async (tx) => {
        const [row] = await tx.query<{ user_id: string; revoked_at: Date | null }>(
          "select user_id, revoked_at from api_tokens where id = $1",
          [id],
        );
        if (!row || (row.user_id !== actor.userId && !asAdmin))
          refuse({ kind: "not-found", subject: `token ${id}` });
        await tx.query("update api_tokens set revoked_at = coalesce(revoked_at, $2) where id = $1", [
          id,
          now.toISOString(),
        ]);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "token.revoke",
            subjectType: "token",
            subjectId: id,
            siteId: null,
            before: null,
            after: null,
          },
          now,
        );
      });
    },

    async listMembers(
      scope: MembershipScope,
      scopeId: string,
    ): Promise<(Membership & { userId: string; username: string; displayName: string })[]> {
      const rows = await db.query<{
        user_id: string;
        username: string;
        display_name: string;
        role: SiteRole;
        organisation: string | null;
      }>(
        `select m.user_id, u.username, u.display_name, m.role, m.organisation from memberships m join users u on u.id = m.user_id
         where m.scope = $1 and m.scope_id = $2 order by u.username`,
        [scope, scopeId],
      );
      return rows.map((r) => ({
        scope,
        scopeId,
        userId: r.user_id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        organisation: r.organisation,
      }));
    },

    /** Grants, changes (role given) or removes (role null) a user's role on a site or product. */
    async setMember(
      scope: MembershipScope,
      scopeId: string,
      userId: string,
      role: SiteRole | null,
      organisation: string | null,
      actor: Actor,
    ): Promise<void> {
      recent.clear();
      const now = options.clock();
      if ((role === "vendor") !== (organisation !== null && role !== null) && role !== null)
        refuse({
          kind: "semantic",
          problems: [problem("required", ["organisation"], { key: "organisation" })],
        });
      await db.transaction(async (tx) => {
        const [user] = await tx.query<{ id: string; username: string }>(
          "select id, username from users where id = $1 or username = $1",
          [userId],
        );
        if (!user) refuse({ kind: "not-found", subject: `user ${userId}` });
        const [before] = await tx.query<{ role: string; organisation: string | null }>(
          "select role, organisation from memberships where scope = $1 and scope_id = $2 and user_id = $3 for update",
          [scope, scopeId, user.id],
        );
        if (role === null) {
          await tx.query("delete from memberships where scope = $1 and scope_id = $2 and user_id = $3", [
            scope,
            scopeId,
            user.id,
          ]);
        } else {
          await tx.query(
            `insert into memberships(scope, scope_id, user_id, role, organisation) values ($1, $2, $3, $4, $5)
             on conflict (scope, scope_id, user_id) do update set role = excluded.role, organisation = excluded.organisation`,
            [scope, scopeId, user.id, role, role === "vendor" ? organisation : null],
          );
        }
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "membership.set",
            subjectType: "membership",
            subjectId: `${scope}:${scopeId}:${user.username}`,
            siteId: scope === "site" ? scopeId : null,
            before: before ?? null,
            after: role === null ? null : { role, organisation },
          },
          now,
        );
      });
    },
  };
  // Forget remembered callers again once a change has committed, so that a lookup racing the change
  // cannot keep the old answer.
  for (const name of [
    "setup",
    "createUser",
    "updateUser",
    "resetPassword",
    "logout",
    "revokeToken",
    "setMember",
  ] as const) {
    const change = store[name] as (...args: unknown[]) => Promise<unknown>;
    (store as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      try {
        return await change(...args);
      } finally {
        recent.clear();
      }
    };
  }
  return store;
}

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  isAdmin?: boolean;
}
