/** The console's entry: configuration, sign-in state, the GraphQL client, and the screens by path. */
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import type { Client as WsClient } from 'graphql-ws';
import { createRoot } from 'react-dom/client';
import { Provider, useQuery } from 'urql';
import { graphql } from './gql';
import { completeSignIn, loadConfig, signIn, signOut, signedIn, type ConsoleConfig } from './auth';
import { createGraphQLClient, createWs } from './client';
import { Link, Status, usePath } from './ui';
import { Issuers, Issuer } from './screens/issuers';
import { Organization } from './screens/organization';
import { User } from './screens/user';
import { Agent, Client } from './screens/credentials';
import { Events } from './screens/events';
import { Webhooks } from './screens/webhooks';
import { Operators } from './screens/operators';
import { Account } from './screens/account';
import { Setup } from './screens/setup';
import './styles.css';

const Me = graphql(`
  query ConsoleMe {
    currentOperator { userId role }
  }
`);

const NAV = [
  ['/console/', 'Issuers'],
  ['/console/events', 'Live events'],
  ['/console/webhooks', 'Webhooks'],
] as const;

function Shell({ config, ws }: { config: ConsoleConfig; ws: WsClient }) {
  const path = usePath();
  const [{ data }] = useQuery({ query: Me });
  const role = data?.currentOperator?.role;
  const issuerBase = config.issuer.replace(/\/i_[0-9a-z]+$/, '');
  const first = useRef(true);
  useEffect(() => {
    // after a navigation, focus moves to the new screen (keyboard and screen-reader users)
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [path]);
  let screen;
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/console\/issuers\/(i_[0-9a-z]+)$/))) screen = <Issuer id={m[1]!} issuerBase={issuerBase} />;
  else if ((m = path.match(/^\/console\/organizations\/(org_[0-9a-z]+)$/))) screen = <Organization id={m[1]!} />;
  else if ((m = path.match(/^\/console\/users\/(usr_[0-9a-z]+)$/))) screen = <User id={m[1]!} />;
  else if ((m = path.match(/^\/console\/clients\/(c_[0-9a-z]+)$/))) screen = <Client id={m[1]!} />;
  else if ((m = path.match(/^\/console\/agents\/(agt_[0-9a-z]+)$/))) screen = <Agent id={m[1]!} />;
  else if (path === '/console/events') screen = <Events ws={ws} />;
  else if (path === '/console/webhooks') screen = <Webhooks />;
  else if (path === '/console/operators') screen = <Operators />;
  else if (path === '/console/account') screen = <Account />;
  else screen = <Issuers />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Authgraph console</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <Link to={to} current={to === '/console/' ? path === to || path.startsWith('/console/issuers') : path.startsWith(to)}>
                  {label}
                </Link>
              </li>
            ))}
            {role === 'OWNER' ? (
              <li>
                <Link to="/console/operators" current={path === '/console/operators'}>
                  Operators
                </Link>
              </li>
            ) : null}
            <li>
              <a href="/console/graphiql">GraphiQL</a>
            </li>
          </ul>
        </nav>
        <span className="role" data-testid="operator-role">
          {role ? (
            <Link to="/console/account" current={path === '/console/account'}>
              {role.toLowerCase().replace('_', '-')}
            </Link>
          ) : (
            ''
          )}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {role === 'READ_ONLY' ? (
        <p className="banner info" role="note">
          You are a read-only operator: you see everything, and every change is refused.
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </>
  );
}

function Callback({ onDone }: { onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    completeSignIn().then(
      (to) => {
        history.replaceState(null, '', to);
        onDone();
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [onDone]);
  return (
    <main id="main" className="narrow">
      <h1>Signing in…</h1>
      {error ? (
        <>
          <p role="alert">The sign-in failed: {error}</p>
          <button type="button" onClick={() => void signIn('/console/')}>
            Sign in again
          </button>
        </>
      ) : (
        <Status>Finishing the sign-in.</Status>
      )}
    </main>
  );
}

function Welcome() {
  return (
    <main id="main" className="narrow">
      <h1>Authgraph console</h1>
      <p>Operators sign in through the account's operators issuer (code + PKCE).</p>
      <button className="primary" type="button" onClick={() => void signIn()}>
        Sign in
      </button>
    </main>
  );
}

function App() {
  const path = usePath();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [authed, setAuthed] = useState(signedIn());
  useEffect(() => {
    loadConfig().then(setConfig, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  }, []);
  const ws = useMemo(() => (config && authed ? createWs(config.graphql) : null), [config, authed]);
  const client = useMemo(() => (config && ws ? createGraphQLClient(config.graphql, ws, () => setAuthed(false)) : null), [config, ws]);
  useEffect(() => () => void ws?.dispose(), [ws]);
  if (path.startsWith('/console/setup')) return <Setup />;
  if (failed) return <p role="alert">{failed}</p>;
  if (!config) return <Status>Loading…</Status>;
  if (path === '/console/callback') return <Callback onDone={() => setAuthed(signedIn())} />;
  if (!authed || !client || !ws) return <Welcome />;
  return (
    <Provider value={client}>
      <Shell config={config} ws={ws} />
    </Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
