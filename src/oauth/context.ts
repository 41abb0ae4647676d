/**
 * What every endpoint of the REST sidecar works with: the issuer being served, its URLs, the
 * clock's "now" for the request, and the shared machinery (services, replay cache, key cache,
 * metering).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Issuer } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import type { MeteredEvents } from '../domain/metered.js';
import type { ReplayCache } from './replay-cache.js';
import type { IssuerKeyCache } from './access-tokens.js';
import type { Sealer } from '../lib/sealed.js';
import type { SignInThrottle } from '../domain/passwords.js';
import type { CimdResolver } from './cimd.js';
import type { NonceSource, VerifiedProof } from './dpop.js';

export interface OAuthShared {
  services: Services;
  /** encryption under the master key (sealed state of the hosted sign-in) */
  sealer: Sealer;
  /** the caller's IP (trusted proxies honoured), for session device info */
  clientIp: (req: IncomingMessage) => string | null;
  replay: ReplayCache;
  keys: IssuerKeyCache;
  /** batches metered events; without it they are written one by one */
  metered: MeteredEvents | null;
  /** throttles wrong passwords at the hosted sign-in (device cookies; domain/passwords.ts) */
  signInThrottle: SignInThrottle;
  /** resolves client_ids that are Client ID Metadata Document URLs (./cimd.ts) */
  cimd: CimdResolver;
  /** outbound calls of the OAuth endpoints (CIBA ping) may reach private networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS) */
  allowPrivateNetworks: boolean;
  /** RFC 9449 §8 server nonces of the token endpoint (./dpop.ts) */
  nonces: NonceSource;
}

export interface EndpointContext {
  req: IncomingMessage;
  issuer: Issuer;
  /** `${publicUrl}/${issuer.id}` */
  issuerUrl: string;
  /** the URL of the endpoint called */
  endpointUrl: string;
  now: Date;
  /** the parameters: the form body (POST) or the query (GET); a repeated one keeps its first value */
  params: Map<string, string>;
  /**
   * Names sent more than once. Empty except at the navigation endpoints (authorize,
   * end_session): every other endpoint refuses a repeat before it runs (RFC 6749 §3.1).
   */
  repeated: ReadonlySet<string>;
  /** every value of the parameters that may repeat (`resource`, ./form.ts MULTI_VALUED) */
  lists: ReadonlyMap<string, readonly string[]>;
  /** the parsed JSON body of an endpoint that takes JSON (`/register`, RFC 7591), else undefined */
  json?: unknown;
  shared: OAuthShared;
  /** the verified RFC 9449 proof of a token request (set by the token endpoint), else null/absent */
  dpop?: VerifiedProof | null;
}

/**
 * What an endpoint answers; the router writes it: JSON, an empty body when `body` is null, or
 * `text` as is (HTML pages; set `content-type` in headers). Redirects set `location`.
 */
export interface EndpointResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** a non-JSON body (the hosted pages) */
  text?: string;
  /** `Set-Cookie` values */
  cookies?: string[];
}

/** Token responses and OAuth errors must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
