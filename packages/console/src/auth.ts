/**
 * The console's sign-in: a public OIDC client of the account's system issuer, authorization code
 * with PKCE S256 (RFC 7636, OAuth 2.0 for Browser-Based Apps), through oauth4webapi. Tokens live in
 * this tab's sessionStorage (so a reload stays signed in, another tab signs in on its own); the
 * refresh token rotates on every use. Signing out is RP-initiated logout: the session ends at the
 * server, and with it every token issued to it.
 */
import * as oauth from 'oauth4webapi';

export interface ConsoleConfig {
  /** the system issuer's URL */
  issuer: string;
  clientId: string;
  graphql: string;
}

interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  /** epoch ms */
  expiresAt: number;
}

const KEY = 'authgraph.console.tokens';
/** GraphiQL at /console/graphiql reads the access token here */
export const ACCESS_TOKEN_KEY = 'authgraph.console.accessToken';
const PENDING = 'authgraph.console.pending';

export const base = '/console/';
const redirectUri = () => `${location.origin}/console/callback`;

let config: ConsoleConfig | null = null;
let server: oauth.AuthorizationServer | null = null;
let refreshing: Promise<string | null> | null = null;

function options(issuer: URL) {
  // plain http only for a development server on loopback; https everywhere else
  return issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
}

export async function loadConfig(): Promise<ConsoleConfig> {
  if (config) return config;
  const res = await fetch(`${base}config.json`);
  if (!res.ok) throw new Error(`The console could not read its configuration (${res.status}).`);
  config = (await res.json()) as ConsoleConfig;
  return config;
}

async function authorizationServer(): Promise<oauth.AuthorizationServer> {
  if (server) return server;
  const cfg = await loadConfig();
  const issuer = new URL(cfg.issuer);
  server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...options(issuer) }));
  return server;
}

function stored(): Tokens | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Tokens | null;
  } catch {
    return null;
  }
}

function store(tokens: Tokens | null) {
  if (tokens) {
    sessionStorage.setItem(KEY, JSON.stringify(tokens));
    sessionStorage.setItem(ACCESS_TOKEN_KEY, tokens.accessToken);
  } else {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ACCESS_TOKEN_KEY);
  }
}

function save(response: oauth.TokenEndpointResponse, previous: Tokens | null) {
  store({
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken ?? null,
    idToken: response.id_token ?? previous?.idToken ?? null,
    expiresAt: Date.now() + (response.expires_in ?? 300) * 1000,
  });
}

export function signedIn(): boolean {
  return stored() !== null;
}

/** Starts the sign-in: to the hosted page with a fresh PKCE verifier, state and nonce. */
export async function signIn(returnTo = location.pathname): Promise<void> {
  const as = await authorizationServer();
  const cfg = await loadConfig();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: cfg.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid offline_access',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  location.assign(url.toString());
}

/** Finishes the sign-in at /console/callback; returns where to go next. */
export async function completeSignIn(): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    nonce: string;
    returnTo: string;
  } | null;
  if (!pending) throw new Error('This sign-in was not started here: sign in again.');
  sessionStorage.removeItem(PENDING);
  const as = await authorizationServer();
  const cfg = await loadConfig();
  const client: oauth.Client = { client_id: cfg.clientId };
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    options(new URL(cfg.issuer)),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  save(result, null);
  return pending.returnTo.startsWith(base) && !pending.returnTo.startsWith(`${base}callback`) ? pending.returnTo : base;
}

/** A valid access token: the stored one, refreshed (rotating the refresh token) near its expiry. */
export async function accessToken(): Promise<string | null> {
  const tokens = stored();
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > 30_000 || !tokens.refreshToken) return tokens.accessToken;
  refreshing ??= (async () => {
    try {
      const as = await authorizationServer();
      const cfg = await loadConfig();
      const client: oauth.Client = { client_id: cfg.clientId };
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refreshToken!, options(new URL(cfg.issuer)));
      save(await oauth.processRefreshTokenResponse(as, client, response), tokens);
      return stored()!.accessToken;
    } catch {
      store(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Forgets the tokens without a round trip (the server refused them). */
export function forget(): void {
  store(null);
}

/** Signs out: RP-initiated logout ends the session (and every token issued to it) at the server. */
export async function signOut(): Promise<void> {
  const tokens = stored();
  store(null);
  const as = await authorizationServer();
  const cfg = await loadConfig();
  const url = new URL(as.end_session_endpoint!);
  url.search = new URLSearchParams({
    client_id: cfg.clientId,
    post_logout_redirect_uri: `${location.origin}${base}`,
    ...(tokens?.idToken ? { id_token_hint: tokens.idToken } : {}),
  }).toString();
  location.assign(url.toString());
}
