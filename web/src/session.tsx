import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { type ApiError, api, call, type Me, type SiteSummary, setCsrfToken } from "./api/client";

/**
 * Where the app stands: first-run setup, sign-in, or signed in (with the sites the user may see).
 * One place holds it so the header, the navigation and the pages agree.
 */
export type SessionState =
  | { phase: "loading" }
  | { phase: "failed"; error: ApiError }
  | { phase: "setup" }
  | { phase: "login" }
  | { phase: "ready"; me: Me; sites: SiteSummary[] };

interface Session {
  state: SessionState;
  /** Re-reads setup state, the signed-in user and the sites. */
  refresh(): Promise<void>;
  signedIn(me: Me): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside <SessionProvider>");
  return session;
}

/** The signed-in user and their sites; only for components rendered once signed in. */
export function useSignedIn(): { me: Me; sites: SiteSummary[] } {
  const { state } = useSession();
  if (state.phase !== "ready") throw new Error("useSignedIn before sign-in");
  return state;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ phase: "loading" });

  const signedIn = useCallback(async (me: Me) => {
    setCsrfToken(me.csrfToken);
    const sites = await call(api.GET("/api/sites"));
    setState(
      sites.ok ? { phase: "ready", me, sites: sites.data.items } : { phase: "failed", error: sites.error },
    );
  }, []);

  const refresh = useCallback(async () => {
    const setup = await call(api.GET("/api/setup"));
    if (!setup.ok) return setState({ phase: "failed", error: setup.error });
    if (setup.data.needed) return setState({ phase: "setup" });
    const me = await call(api.GET("/api/auth/me"));
    if (me.ok) return signedIn(me.data);
    if (me.error.status === 401) return setState({ phase: "login" });
    setState({ phase: "failed", error: me.error });
  }, [signedIn]);

  const logout = useCallback(async () => {
    await call(api.POST("/api/auth/logout"));
    setCsrfToken(undefined);
    setState({ phase: "login" });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <SessionContext.Provider value={{ state, refresh, signedIn, logout }}>{children}</SessionContext.Provider>
  );
}
