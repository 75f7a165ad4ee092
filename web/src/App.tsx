import { type ReactNode, Suspense } from "react";
import { Route, Routes } from "react-router";
import { ErrorMessage, Loading } from "./components/Feedback";
import {
  adminNav,
  appPages,
  LoginPage,
  NotFoundPage,
  SetupPage,
  SiteListPage,
  siteNav,
  siteOverview,
  siteSubPages,
} from "./routes";
import { SessionProvider, useSession } from "./session";
import { Header } from "./shell/Header";
import { SiteLayout } from "./shell/SiteLayout";

function Page({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </main>
  );
}

/** First-run setup, sign-in, or the signed-in app, as the server says. */
function Gate() {
  const { state, refresh } = useSession();
  switch (state.phase) {
    case "loading":
      return <Page>{<Loading />}</Page>;
    case "failed":
      return (
        <Page>
          <ErrorMessage error={state.error} onRetry={() => void refresh()} />
        </Page>
      );
    case "setup":
      return (
        <Suspense fallback={<Loading />}>
          <SetupPage />
        </Suspense>
      );
    case "login":
      return (
        <Suspense fallback={<Loading />}>
          <LoginPage />
        </Suspense>
      );
    case "ready": {
      const admin = adminNav.pages.filter((page) => page.visible?.(state.me) ?? state.me.isAdmin);
      return (
        <Routes>
          <Route
            path="/"
            element={
              <Page>
                <SiteListPage />
              </Page>
            }
          />
          <Route path="/sites/:siteId" element={<SiteLayout />}>
            <Route index element={<siteOverview.page />} />
            {siteNav.flatMap((group) =>
              group.pages
                .filter((page) => !page.path.startsWith("/"))
                .map((page) => <Route key={page.path} path={page.path} element={<page.page />} />),
            )}
            {siteSubPages.map((page) => (
              <Route key={page.path} path={page.path} element={<page.page />} />
            ))}
          </Route>
          {[...appPages, ...admin].map((page) => (
            <Route
              key={page.path}
              path={page.path}
              element={
                <Page>
                  <page.page />
                </Page>
              }
            />
          ))}
          <Route
            path="*"
            element={
              <Page>
                <NotFoundPage />
              </Page>
            }
          />
        </Routes>
      );
    }
    default:
      return state satisfies never;
  }
}

function Shell() {
  const { state } = useSession();
  return (
    <div className="app">
      <Header signedIn={state.phase === "ready"} />
      <Gate />
    </div>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}
