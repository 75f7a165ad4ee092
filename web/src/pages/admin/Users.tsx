import "../../components/workspace/workspace.css";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../api/schema";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { type ApiError, ifMatch, request } from "../../components/workspace/http";
import { tr } from "../../components/workspace/text";
import { useSignedIn } from "../../session";
import { localText } from "../../text";

/** Types as the API documents them (generated from the OpenAPI document). */
type User = components["schemas"]["User"];

type Member = components["schemas"]["Member"];

type Token = components["schemas"]["ApiToken"];

const roles = ["security-lead", "editor", "viewer", "management", "vendor"] as const;

function Problem({ error }: { error: ApiError | undefined }) {
  return error ? <ErrorMessage error={error} /> : null;
}

function UserRow({ user, onChanged, self }: { user: User; onChanged(): void; self: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(user.displayName);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();

  const patch = async (
    body: Partial<Pick<User, "displayName" | "isAdmin" | "disabled">>,
    message: string,
  ) => {
    setError(undefined);
    const result = await request<User>("PATCH", "/api/users/{user}", {
      params: { path: { user: user.id } },
      body,
      headers: ifMatch(user.version),
    });
    if (!result.ok) return setError(result.error);
    setDone(message);
    onChanged();
  };

  const reset = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const result = await request<User>("POST", "/api/users/{user}/password", {
      params: { path: { user: user.id } },
      body: { password },
    });
    if (!result.ok) return setError(result.error);
    setPassword("");
    setDone(t("workspace.users.passwordReset"));
  };

  return (
    <tr>
      <th scope="row">
        {user.username}
        {user.isAdmin ? <span className="badge">{t("header.administrator")}</span> : null}
        {user.disabled ? <span className="badge">{t("workspace.users.disabled")}</span> : null}
      </th>
      <td>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ displayName: name }, t("workspace.users.renamed"));
          }}
        >
          <input
            aria-label={tr(t, "workspace.users.displayNameOf", { user: user.username })}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={name === user.displayName || !name}>
            {t("workspace.users.rename")}
          </button>
        </form>
      </td>
      <td>
        {self ? null : (
          <div className="inline-form">
            <button
              type="button"
              onClick={() =>
                void patch(
                  { isAdmin: !user.isAdmin },
                  user.isAdmin ? t("workspace.users.demoted") : t("workspace.users.promoted"),
                )
              }
            >
              {user.isAdmin ? t("workspace.users.demote") : t("workspace.users.promote")}
            </button>
            <button
              type="button"
              onClick={() =>
                void patch(
                  { disabled: !user.disabled },
                  user.disabled ? t("workspace.users.enabled") : t("workspace.users.disabledDone"),
                )
              }
            >
              {user.disabled ? t("workspace.users.enable") : t("workspace.users.disable")}
            </button>
          </div>
        )}
      </td>
      <td>
        <form className="inline-form" onSubmit={reset}>
          <input
            type="password"
            autoComplete="new-password"
            aria-label={tr(t, "workspace.users.newPasswordOf", { user: user.username })}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" disabled={!password}>
            {t("workspace.users.resetPassword")}
          </button>
        </form>
        {done ? (
          <span className="saved" role="status">
            {done}
          </span>
        ) : null}
        <Problem error={error} />
      </td>
    </tr>
  );
}

function UsersSection({ users, reload }: { users: User[]; reload(): void }) {
  const { t } = useTranslation();
  const { me } = useSignedIn();
  const [form, setForm] = useState({ username: "", displayName: "", password: "", isAdmin: false });
  const [error, setError] = useState<ApiError>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const result = await request<User>("POST", "/api/users", {
      body: {
        username: form.username,
        password: form.password,
        isAdmin: form.isAdmin,
        ...(form.displayName ? { displayName: form.displayName } : {}),
      },
    });
    if (!result.ok) return setError(result.error);
    setForm({ username: "", displayName: "", password: "", isAdmin: false });
    reload();
  };
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t("workspace.users.title")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("setup.username")}</th>
              <th scope="col">{t("setup.displayName")}</th>
              <th scope="col">{t("workspace.users.adminColumn")}</th>
              <th scope="col">{t("setup.password")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow
                key={`${user.id}-${user.version}`}
                user={user}
                onChanged={reload}
                self={user.id === me.userId}
              />
            ))}
          </tbody>
        </table>
      </div>
      <form className="card wide" onSubmit={create} aria-labelledby="new-user">
        <h3 id="new-user">{t("workspace.users.create")}</h3>
        <label>
          {t("setup.username")}
          <input
            value={form.username}
            autoComplete="off"
            onChange={(e) => setForm({ ...form, username: e.target.value })}
            required
          />
        </label>
        <label>
          {t("setup.displayName")}
          <input
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
        </label>
        <label>
          {t("setup.password")}
          <input
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            required
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.isAdmin}
            onChange={(e) => setForm({ ...form, isAdmin: e.target.checked })}
          />{" "}
          {t("header.administrator")}
        </label>
        <Problem error={error} />
        <button type="submit" className="primary">
          {t("workspace.users.create")}
        </button>
      </form>
    </section>
  );
}

function MembersSection({ users }: { users: User[] }) {
  const { t, i18n } = useTranslation();
  const { sites } = useSignedIn();
  const [site, setSite] = useState(sites[0]?.id ?? "");
  const [members, setMembers] = useState<Member[]>();
  const [organisations, setOrganisations] = useState<{ id: string; name: unknown }[]>([]);
  const [form, setForm] = useState({ user: "", role: "editor", organisation: "" });
  const [error, setError] = useState<ApiError>();

  const load = useCallback(async () => {
    if (!site) return;
    const [list, orgs] = await Promise.all([
      request<{ items: Member[] }>("GET", "/api/sites/{site}/members", { params: { path: { site } } }),
      request<{ items: { data: { id: string; name: unknown } }[] }>(
        "GET",
        "/api/sites/{site}/organisations",
        {
          params: { path: { site }, query: { limit: 1000 } },
        },
      ),
    ]);
    if (list.ok) setMembers(list.data.items);
    else setError(list.error);
    if (orgs.ok) setOrganisations(orgs.data.items.map((i) => i.data));
  }, [site]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = async (user: string, role: string | null, organisation?: string) => {
    setError(undefined);
    const path = { site, user };
    const result =
      role === null
        ? await request<null>("DELETE", "/api/sites/{site}/members/{user}", { params: { path } })
        : await request<null>("PUT", "/api/sites/{site}/members/{user}", {
            params: { path },
            body: { role, ...(role === "vendor" && organisation ? { organisation } : {}) },
          });
    if (!result.ok) return setError(result.error);
    void load();
  };

  if (sites.length === 0) return null;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t("workspace.members.title")}</h2>
      <label>
        {t("header.site")}{" "}
        <select value={site} onChange={(e) => setSite(e.target.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {localText(s.name, i18n.language, s.id)}
            </option>
          ))}
        </select>
      </label>
      <Problem error={error} />
      {members === undefined ? (
        <Loading />
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("setup.username")}</th>
                <th scope="col">{t("workspace.users.role")}</th>
                <th scope="col">{t("workspace.field.organisation")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("workspace.members.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId}>
                  <th scope="row">
                    {m.displayName} <span className="muted">({m.username})</span>
                  </th>
                  <td>{tr(t, `workspace.role.${m.role}`)}</td>
                  <td>{m.organisation ?? ""}</td>
                  <td>
                    <button type="button" onClick={() => void set(m.userId, null)}>
                      {t("workspace.members.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void set(form.user, form.role, form.organisation);
        }}
      >
        <label>
          {t("setup.username")}{" "}
          <select value={form.user} onChange={(e) => setForm({ ...form, user: e.target.value })} required>
            <option value="">{t("workspace.form.unset")}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("workspace.users.role")}{" "}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {tr(t, `workspace.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {form.role === "vendor" ? (
          <label>
            {t("workspace.field.organisation")}{" "}
            <select
              value={form.organisation}
              onChange={(e) => setForm({ ...form, organisation: e.target.value })}
              required
            >
              <option value="">{t("workspace.form.unset")}</option>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {localText(o.name, i18n.language, o.id)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="primary" disabled={!form.user}>
          {t("workspace.members.set")}
        </button>
      </form>
      {form.role === "vendor" ? <p className="hint">{t("workspace.members.vendorHint")}</p> : null}
    </section>
  );
}

function TokensSection() {
  const { t, i18n } = useTranslation();
  const [tokens, setTokens] = useState<Token[]>();
  const [form, setForm] = useState({ name: "", scope: "read", expiresInDays: 90 });
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });

  const load = useCallback(async () => {
    const result = await request<{ items: Token[] }>("GET", "/api/tokens");
    if (result.ok) setTokens(result.data.items);
    else setError(result.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const result = await request<{ token: string }>("POST", "/api/tokens", { body: form });
    if (!result.ok) return setError(result.error);
    setSecret(result.data.token);
    setForm({ ...form, name: "" });
    void load();
  };

  const revoke = async (id: string) => {
    const result = await request<null>("DELETE", "/api/tokens/{token}", { params: { path: { token: id } } });
    if (!result.ok) return setError(result.error);
    void load();
  };

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t("workspace.tokens.title")}</h2>
      <p>{t("workspace.tokens.intro")}</p>
      {secret ? (
        <div className="secret" role="status">
          <p>{t("workspace.tokens.shownOnce")}</p>
          <code>{secret}</code>{" "}
          <button type="button" onClick={() => setSecret(undefined)}>
            {t("workspace.form.close")}
          </button>
        </div>
      ) : null}
      <Problem error={error} />
      {tokens === undefined ? (
        <Loading />
      ) : tokens.length === 0 ? (
        <p className="muted">{t("workspace.tokens.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("workspace.tokens.name")}</th>
                <th scope="col">{t("workspace.tokens.scope")}</th>
                <th scope="col">{t("workspace.tokens.expires")}</th>
                <th scope="col">{t("workspace.tokens.lastUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("workspace.members.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{tr(t, `workspace.tokens.${token.scope}`)}</td>
                  <td>{date.format(new Date(token.expiresAt))}</td>
                  <td>{token.lastUsedAt ? date.format(new Date(token.lastUsedAt)) : "—"}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="badge">{t("workspace.tokens.revoked")}</span>
                    ) : (
                      <button type="button" onClick={() => void revoke(token.id)}>
                        {t("workspace.tokens.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <label>
          {t("workspace.tokens.name")}{" "}
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </label>
        <label>
          {t("workspace.tokens.scope")}{" "}
          <select value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })}>
            <option value="read">{t("workspace.tokens.read")}</option>
            <option value="write">{t("workspace.tokens.write")}</option>
          </select>
        </label>
        <label>
          {t("workspace.tokens.days")}{" "}
          <input
            type="number"
            min={1}
            max={365}
            value={form.expiresInDays}
            onChange={(e) => setForm({ ...form, expiresInDays: Number(e.target.value) })}
          />
        </label>
        <button type="submit" className="primary" disabled={!form.name}>
          {t("workspace.tokens.create")}
        </button>
      </form>
    </section>
  );
}

/** Administration: accounts, who has which role on each site, and the caller's API tokens. */
export default function Users() {
  const { t } = useTranslation();
  const { me } = useSignedIn();
  const [users, setUsers] = useState<User[]>();
  const [error, setError] = useState<ApiError>();
  const load = useCallback(async () => {
    // Everyone manages their own API tokens here; accounts and roles are the administrators'.
    if (!me.isAdmin) return;
    const result = await request<{ items: User[] }>("GET", "/api/users");
    if (result.ok) setUsers(result.data.items);
    else setError(result.error);
  }, [me.isAdmin]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="page admin" aria-labelledby="page-title">
      <h1 id="page-title">{t("nav.users")}</h1>
      <Problem error={error} />
      {!me.isAdmin ? null : users === undefined ? (
        <Loading />
      ) : (
        <>
          <UsersSection users={users} reload={() => void load()} />
          <MembersSection users={users} />
        </>
      )}
      <TokensSection />
    </section>
  );
}
