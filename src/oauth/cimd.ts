/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): a `client_id`
 * that is an https URL names a JSON document describing the client. The authorization endpoint
 * resolves it:
 *
 * - **Which URLs.** `https://` with a host, a path, no fragment, no user information, no `.`/`..`
 *   segments, at most MAX_URL_LENGTH characters. `http://` only on a loopback host, and only
 *   where the configuration allows it (CIMD_ALLOW_LOOPBACK_HTTP outside production). When the
 *   issuer lists `clientMetadataDocumentDomains`, the host must be one of them or a subdomain.
 * - **Fetching.** One GET, no redirects followed, no cookies, through the webhook SSRF guard
 *   (src/webhooks/ssrf.ts: every address connected to must be public, DNS rebinding included),
 *   answered within FETCH_TIMEOUT_MS, at most MAX_DOCUMENT_BYTES, `200` with a JSON body.
 * - **Validation.** The document's `client_id` equals the URL exactly; `redirect_uris` is a
 *   non-empty list, each URI under the same strict rules as any client's
 *   (src/domain/client-uris.ts; private-use schemes only with `application_type: native`);
 *   `token_endpoint_auth_method` is absent or `none` (a document cannot carry a secret);
 *   `grant_types` ⊆ authorization_code, refresh_token (default authorization_code alone, RFC 7591 §2); `response_types` ⊇ code; `scope`, when
 *   present, a list of scope tokens.
 * - **Caching** (RFC 9111): the document is fresh for its `Cache-Control: max-age` (capped at
 *   MAX_CACHE_SECONDS; no header: DEFAULT_CACHE_SECONDS; `no-store`/`no-cache`: fetched on every
 *   use). While fresh, /authorize uses the stored registration without fetching.
 * - **Registration.** A valid document becomes a Client row of type `metadata_document`
 *   (src/domain/client-registration.ts): it shows in the graph and can be blocked; a blocked one
 *   resolves to nothing.
 *
 * The token endpoint does not fetch: it authenticates a CIMD client (public, `none`) by the
 * registration stored when /authorize resolved it (src/oauth/client-auth.ts).
 * @module
 */
import { createCache } from '../lib/cache.js';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Client, Issuer } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { redirectUriProblem } from '../domain/client-uris.js';
import { guardedLookup, literalAddressRefused } from '../webhooks/ssrf.js';
import { OIDC_SCOPES } from '../domain/clients.js';
import { SCOPE_PATTERN } from '../domain/validation.js';

export const MAX_URL_LENGTH = 2000;
/** The draft recommends a small limit; 5 KB fits any real document. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
export const FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_CACHE_SECONDS = 300;
export const MAX_CACHE_SECONDS = 86_400;
const CACHE_MAX = 10_000;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);
const OIDC: ReadonlySet<string> = new Set(OIDC_SCOPES);
const USER_AGENT = 'Authgraph-CIMD/1';
/** Document fields kept as the client's metadata (shown in the graph and on the consent page). */
const KEPT_FIELDS = ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'software_id', 'software_version'] as const;

/** Why a document cannot be used (logged; the person sees one message). */
export class MetadataDocumentError extends Error {}

export interface CimdOptions {
  services: Services;
  /** http:// on loopback hosts allowed (development and tests) */
  allowLoopbackHttp: boolean;
  /** let https documents resolve to private networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS, development) */
  allowPrivateNetworks: boolean;
  /** PEM of certificate authorities trusted besides Node's roots (CIMD_CA_FILE), or null */
  extraCa?: string | null;
}

/** Whether `clientId` is shaped like a Client ID Metadata Document URL (http(s)://…); its validity is checked by `resolve`. */
export function isMetadataDocumentUrl(clientId: string): boolean {
  return clientId.startsWith('https://') || clientId.startsWith('http://');
}

/**
 * Why `raw` is not an acceptable client_id URL for this issuer, or null (see the module comment).
 * @param domains the issuer's clientMetadataDocumentDomains (empty: any host)
 */
export function metadataUrlProblem(raw: string, allowLoopbackHttp: boolean, domains: readonly string[]): string | null {
  if (raw.length > MAX_URL_LENGTH) return 'the client_id URL is too long';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'the client_id is not a URL';
  }
  if (url.href !== raw) return 'the client_id URL is not in normal form';
  if (url.hash || raw.includes('#')) return 'the client_id URL has a fragment';
  if (url.username || url.password) return 'the client_id URL carries user information';
  if (url.pathname === '/' || url.pathname === '') return 'the client_id URL has no path';
  if (/\/\.\.?(\/|$)/.test(url.pathname)) return 'the client_id URL has dot segments';
  if (url.protocol === 'http:') {
    if (!allowLoopbackHttp || !LOOPBACK_HOSTS.has(url.hostname)) return 'the client_id URL must use https';
  } else if (url.protocol !== 'https:') return 'the client_id URL must use https';
  const host = url.hostname.toLowerCase();
  if (domains.length && !domains.some((d) => host === d || host.endsWith(`.${d}`)))
    return 'documents from this host are not accepted by this issuer';
  return null;
}

/** The freshness lifetime (seconds) of an answer per its Cache-Control (RFC 9111 §5.2.2): 0 = do not reuse. */
export function freshnessSeconds(cacheControl: string | undefined): number {
  if (!cacheControl) return DEFAULT_CACHE_SECONDS;
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d.startsWith('no-cache='))) return 0;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  if (!maxAge) return DEFAULT_CACHE_SECONDS;
  const seconds = Number(maxAge.slice('max-age='.length).replace(/"/g, ''));
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(Math.floor(seconds), MAX_CACHE_SECONDS) : 0;
}

/** One GET of `url` under the SSRF guard, size and time limits; the body and Cache-Control. */
function fetchDocument(
  url: URL,
  allowPrivateNetworks: boolean,
  extraCa: string | null,
): Promise<{ body: string; cacheControl: string | undefined }> {
  const refused = literalAddressRefused(url, allowPrivateNetworks);
  if (refused) return Promise.reject(new MetadataDocumentError(refused));
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new MetadataDocumentError(message));
    };
    const request = transport.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': USER_AGENT, connection: 'close' },
        agent: false,
        lookup: guardedLookup({ allowPrivateNetworks }),
        ...(extraCa ? { ca: [...rootCertificates, extraCa] } : {}),
      },
      (res) => {
        if (res.statusCode !== 200) return fail(`the document answered ${res.statusCode ?? 'nothing'} (redirects are not followed)`);
        const type = (res.headers['content-type'] ?? '').toLowerCase();
        if (!type.startsWith('application/json') && !/^application\/[a-z0-9.+-]*\+json/.test(type))
          return fail('the document is not application/json');
        const declared = Number(res.headers['content-length'] ?? '0');
        if (declared > MAX_DOCUMENT_BYTES) return fail(`the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_DOCUMENT_BYTES) return fail(`the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ body: Buffer.concat(chunks).toString('utf8'), cacheControl: res.headers['cache-control'] });
        });
        res.on('error', () => fail('the document could not be read'));
      },
    );
    request.on('error', (error) => fail(`the document could not be fetched: ${error.message}`));
    const timer = setTimeout(() => fail(`no answer within ${FETCH_TIMEOUT_MS} ms`), FETCH_TIMEOUT_MS);
    timer.unref();
    request.end();
  });
}

const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

/** Validates a fetched document for `url` (see the module comment); throws MetadataDocumentError. */
export function parseMetadataDocument(
  url: string,
  body: string,
): { name: string; redirectUris: string[]; grantTypes: string[]; scopes: string[]; metadata: Record<string, string> } {
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    doc = parsed as Record<string, unknown>;
  } catch {
    throw new MetadataDocumentError('the document is not a JSON object');
  }
  if (doc.client_id !== url) throw new MetadataDocumentError('the document’s client_id is not its URL');
  if ('client_secret' in doc || 'client_secret_expires_at' in doc)
    throw new MetadataDocumentError('a metadata document must not carry a client secret');
  const method = doc.token_endpoint_auth_method;
  if (method !== undefined && method !== 'none') throw new MetadataDocumentError('token_endpoint_auth_method must be none (public client)');
  const grantTypes = doc.grant_types;
  if (
    grantTypes !== undefined &&
    (!Array.isArray(grantTypes) || grantTypes.some((g) => g !== 'authorization_code' && g !== 'refresh_token'))
  ) {
    throw new MetadataDocumentError('grant_types may only name authorization_code and refresh_token');
  }
  const responseTypes = doc.response_types;
  if (responseTypes !== undefined && (!Array.isArray(responseTypes) || !responseTypes.includes('code')))
    throw new MetadataDocumentError('response_types must include code');
  const applicationType = doc.application_type === 'native' ? 'native' : 'web';
  const redirectUris = doc.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0 || redirectUris.length > 20)
    throw new MetadataDocumentError('redirect_uris must list 1 to 20 URIs');
  for (const uri of redirectUris) {
    if (typeof uri !== 'string') throw new MetadataDocumentError('redirect_uris must be strings');
    const problem = redirectUriProblem(uri, applicationType);
    if (problem) throw new MetadataDocumentError(`redirect URI ${uri.slice(0, 100)} ${problem}`);
  }
  let scopes: string[] = [];
  if (doc.scope !== undefined) {
    if (typeof doc.scope !== 'string' || doc.scope.length > 2000) throw new MetadataDocumentError('scope must be a string');
    scopes = [...new Set(doc.scope.split(' ').filter(Boolean))];
    if (scopes.length > 100 || scopes.some((s) => !OIDC.has(s) && !SCOPE_PATTERN.test(s)))
      throw new MetadataDocumentError('scope names a scope this server does not know the shape of');
  }
  const host = new URL(url).host;
  const name = str(doc.client_name, 200) ?? host;
  const metadata: Record<string, string> = { client_id_host: host };
  for (const field of KEPT_FIELDS) {
    const value = str(doc[field], MAX_URL_LENGTH);
    if (value) metadata[field] = value;
  }
  // RFC 7591 §2: grant_types defaults to authorization_code (a refresh token only when asked for)
  const grants = grantTypes === undefined ? ['authorization_code'] : [...new Set(grantTypes as string[])];
  if (!grants.includes('authorization_code')) throw new MetadataDocumentError('grant_types must include authorization_code');
  return { name, redirectUris: [...new Set(redirectUris as string[])], grantTypes: grants, scopes, metadata };
}

/**
 * The resolver of one router: resolves and caches CIMD clients per issuer (see the module
 * comment). `resolve` throws MetadataDocumentError for a document that cannot be used and
 * returns null for a blocked client.
 */
export function createCimdResolver(options: CimdOptions) {
  const { services } = options;
  /**
   * `[issuerId, url]` → the client row (null: blocked), kept while the document is fresh per its
   * HTTP caching headers (bounded: CACHE_MAX documents; concurrent misses share one fetch)
   */
  const documents = createCache<{ client: Client | null; seconds: number }, { issuer: Pick<Issuer, 'id' | 'accountId'>; url: string }>({
    max: CACHE_MAX,
    ttlMs: MAX_CACHE_SECONDS * 1000,
    load: (_key, { issuer, url }) => load(issuer, url),
    ttlOf: ({ seconds }) => seconds * 1000,
  });

  async function load(issuer: Pick<Issuer, 'id' | 'accountId'>, url: string): Promise<{ client: Client | null; seconds: number }> {
    const fetched = await fetchDocument(
      new URL(url),
      options.allowPrivateNetworks || new URL(url).protocol === 'http:',
      options.extraCa ?? null,
    );
    const parsed = parseMetadataDocument(url, fetched.body);
    const seconds = freshnessSeconds(fetched.cacheControl);
    const client = await services.clientRegistration.upsertMetadataDocumentClient(issuer, {
      url,
      ...parsed,
      expiresAt: new Date(Date.now() + seconds * 1000),
    });
    services.principals.invalidate();
    return { client: client.blockedAt ? null : client, seconds: client.blockedAt ? 0 : seconds };
  }

  return {
    /**
     * The client registered by the document at `url` for `issuer`: from the cache while the
     * document is fresh, else fetched, validated and stored. Null when the client is blocked.
     * @throws MetadataDocumentError when the URL or document cannot be used
     */
    async resolve(issuer: Pick<Issuer, 'id' | 'accountId' | 'clientMetadataDocumentDomains'>, url: string): Promise<Client | null> {
      const problem = metadataUrlProblem(url, options.allowLoopbackHttp, issuer.clientMetadataDocumentDomains);
      if (problem) throw new MetadataDocumentError(problem);
      const { client } = await documents.get(JSON.stringify([issuer.id, url]), { issuer, url });
      // a fresh document's client is re-read through the principal cache, so a block applies at once
      return client && services.principals.client(issuer.id, client.id);
    },
  };
}

export type CimdResolver = ReturnType<typeof createCimdResolver>;
