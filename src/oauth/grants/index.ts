/**
 * The grants the token endpoint knows, by `grant_type`. Each is a `Grant` (./common.ts: `{ grantType, publicClients, handle }`);
 * the token endpoint has already authenticated the caller when `handle` runs. Only grants marked
 * `publicClients` accept a public client (`client_id` alone, RFC 6749 §2.1): authorization_code
 * and refresh_token.
 * @module
 */
import type { Grant } from './common.js';
import { clientCredentials } from './client-credentials.js';
import { authorizationCode } from './authorization-code.js';
import { refreshToken } from './refresh-token.js';
import { tokenExchange } from './token-exchange.js';
import { cibaGrant } from '../ciba/index.js';

export const GRANTS: ReadonlyMap<string, Grant> = new Map(
  [authorizationCode, refreshToken, clientCredentials, tokenExchange, cibaGrant].map((g) => [g.grantType, g]),
);
