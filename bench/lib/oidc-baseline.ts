/**
 * The baseline of the client_credentials figure: node `oidc-provider` (v9) configured minimally
 * for one confidential M2M client (client_credentials, client_secret_basic), on node:http in the
 * bench process. Its access tokens are JWTs signed with the same algorithm as the Authgraph issuer
 * (resourceIndicators: every token request defaults to one resource server whose
 * `accessTokenFormat` is 'jwt'), so both sides sign one JWT per token. The default in-memory
 * adapter (or, with `databaseUrl`, a PostgreSQL one for a durable reference row); no
 * interactions, consent or dev routes are involved.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type AsymmetricSigningAlgorithm, type Configuration } from 'oidc-provider';
import { postgresAdapter } from './oidc-pg-adapter.js';

/** The installed oidc-provider's version, for the table notes. */
export const OIDC_PROVIDER_VERSION = (createRequire(import.meta.url)('oidc-provider/package.json') as { version: string }).version;

export interface OidcBaseline {
  /** the provider's issuer identifier (`http://127.0.0.1:port`) */
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  server: Server;
  /**
   * With `web`: `count` refresh tokens of the web client (each its own grant, scope `openid
   * profile email offline_access` plus the resource scopes), made through the provider's models
   * as its authorization_code grant would (setup, not timed).
   */
  refreshTokens(count: number): Promise<string[]>;
  /** With `web`: `count` authorization codes of one grant, PKCE S256 with `challenge`, for `web.redirectUri`. */
  codes(count: number, challenge: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** The user-facing (hosted sign-in) client of the refresh and code-exchange baselines. */
export interface OidcWebClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** The OIDC scopes the web client's grants hold (as the Authgraph bench web client's). */
export const WEB_OIDC_SCOPE = 'openid profile email offline_access';
const ACCOUNT_ID = 'bench-user';

export interface OidcBaselineOptions {
  clientId: string;
  clientSecret: string;
  /** resource:action scopes the client holds (and the resource server accepts) */
  scopes: string[];
  /** JWS algorithm of the access tokens (an asymmetric one, e.g. ES256) */
  alg: AsymmetricSigningAlgorithm;
  accessTokenTtlSeconds: number;
  /**
   * Also a confidential web client (client_secret_basic) with authorization_code and
   * refresh_token, `rotateRefreshToken: true` (every refresh consumes the token and issues the
   * next, as Authgraph's strict rotation), JWT access tokens for the same resource and an ID token.
   */
  web?: OidcWebClient;
  /**
   * Keep the provider's models in the PostgreSQL database at this URL (./oidc-pg-adapter.ts)
   * instead of its in-memory adapter: a durable reference, not the figure's baseline.
   */
  databaseUrl?: string;
}

export async function startOidcBaseline(o: OidcBaselineOptions): Promise<OidcBaseline> {
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair(o.alg, { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: o.alg, use: 'sig', kid: `bench-${o.alg.toLowerCase()}` };
  const scope = o.scopes.join(' ');
  // The token audience, as Authgraph's (no `resource` sent): the issuer itself.
  const resource = issuer;

  const durable = o.databaseUrl ? await postgresAdapter(o.databaseUrl) : null;
  const configuration: Configuration = {
    ...(durable ? { adapter: durable.Adapter as Configuration['adapter'] } : {}),
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        // only an `alg` key is in the keystore (the default would be RS256)
        id_token_signed_response_alg: o.alg,
        scope,
      },
      ...(o.web
        ? [
            {
              client_id: o.web.clientId,
              client_secret: o.web.clientSecret,
              grant_types: ['authorization_code', 'refresh_token'],
              response_types: ['code' as const],
              redirect_uris: [o.web.redirectUri],
              token_endpoint_auth_method: 'client_secret_basic' as const,
              id_token_signed_response_alg: o.alg,
              scope: `${WEB_OIDC_SCOPE} ${scope}`,
            },
          ]
        : []),
    ],
    jwks: { keys: [signingKey] },
    scopes: [...WEB_OIDC_SCOPE.split(' '), ...o.scopes],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, email: `${sub}@bench.example`, email_verified: true }) }),
    rotateRefreshToken: true,
    ttl: {
      ClientCredentials: o.accessTokenTtlSeconds,
      AccessToken: o.accessTokenTtlSeconds,
      RefreshToken: 86_400,
      AuthorizationCode: 600,
      IdToken: 3600,
      Grant: 86_400,
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope,
          accessTokenFormat: 'jwt',
          accessTokenTTL: o.accessTokenTtlSeconds,
          jwt: { sign: { alg: o.alg } },
        }),
      },
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.env = 'production';
  // Errors are answered to the client; keep the bench output clean.
  provider.on('server_error', (_ctx: unknown, error: Error) =>
    process.stderr.write(`oidc-provider server_error: ${error.stack ?? error.message}\n`),
  );
  server.on('request', provider.callback());

  /** A saved grant of the web client: the OIDC scopes and the resource's scopes. */
  async function webGrant(): Promise<string> {
    if (!o.web) throw new Error('startOidcBaseline: no web client configured');
    const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: o.web.clientId });
    grant.addOIDCScope(WEB_OIDC_SCOPE);
    grant.addResourceScope(resource, scope);
    return grant.save();
  }
  const webClient = async () => {
    const client = await provider.Client.find(o.web!.clientId);
    if (!client) throw new Error('oidc-provider: the web client is missing');
    return client;
  };
  const tokenScope = `${WEB_OIDC_SCOPE} ${scope}`;

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    server,
    async refreshTokens(count) {
      const client = await webClient();
      const tokens: string[] = [];
      for (let i = 0; i < count; i++) {
        const grantId = await webGrant();
        const token = new provider.RefreshToken({
          accountId: ACCOUNT_ID,
          client,
          grantId,
          scope: tokenScope,
          resource,
          gty: 'authorization_code',
          authTime: Math.floor(Date.now() / 1000),
          amr: ['pwd'],
        });
        tokens.push(await token.save());
      }
      return tokens;
    },
    async codes(count, challenge) {
      const client = await webClient();
      const grantId = await webGrant();
      const codes: string[] = [];
      for (let i = 0; i < count; i++) {
        const code = new provider.AuthorizationCode({
          accountId: ACCOUNT_ID,
          client,
          grantId,
          scope: tokenScope,
          resource,
          redirectUri: o.web!.redirectUri,
          codeChallenge: challenge,
          codeChallengeMethod: 'S256',
          gty: 'authorization_code',
          nonce: `n${i}`,
          authTime: Math.floor(Date.now() / 1000),
          amr: ['pwd'],
        });
        codes.push(await code.save());
      }
      return codes;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await durable?.close();
    },
  };
}
