/**
 * The baseline of the client_credentials figure: node `oidc-provider` (v9) configured minimally
 * for one confidential M2M client (client_credentials, client_secret_basic), on node:http in the
 * bench process. Its access tokens are JWTs signed with the same algorithm as the Authgraph issuer
 * (resourceIndicators: every token request defaults to one resource server whose
 * `accessTokenFormat` is 'jwt'), so both sides sign one JWT per token. The default in-memory
 * adapter; no interactions, consent or dev routes are involved.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type AsymmetricSigningAlgorithm, type Configuration } from 'oidc-provider';

/** The installed oidc-provider's version, for the table notes. */
export const OIDC_PROVIDER_VERSION = (createRequire(import.meta.url)('oidc-provider/package.json') as { version: string }).version;

export interface OidcBaseline {
  /** the provider's issuer identifier (`http://127.0.0.1:port`) */
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  server: Server;
  stop(): Promise<void>;
}

export interface OidcBaselineOptions {
  clientId: string;
  clientSecret: string;
  /** resource:action scopes the client holds (and the resource server accepts) */
  scopes: string[];
  /** JWS algorithm of the access tokens (an asymmetric one, e.g. ES256) */
  alg: AsymmetricSigningAlgorithm;
  accessTokenTtlSeconds: number;
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

  const configuration: Configuration = {
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
    ],
    jwks: { keys: [signingKey] },
    scopes: o.scopes,
    ttl: { ClientCredentials: o.accessTokenTtlSeconds },
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

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
