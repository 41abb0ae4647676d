/**
 * The grants the token endpoint knows, by `grant_type`. Each is `{ grantType, parameters, handle }`;
 * the token endpoint has already authenticated the caller when `handle` runs. Only grants marked
 * `publicClients` accept a public client (`client_id` alone, RFC 6749 §2.1): authorization_code
 * and refresh_token.
 * @module
 */
import type { EndpointContext, EndpointResult } from '../context.js';
import type { Principal } from '../client-auth.js';
import { clientCredentials } from './client-credentials.js';
import { authorizationCode } from './authorization-code.js';
import { refreshToken } from './refresh-token.js';
import { tokenExchange } from './token-exchange.js';
import { cibaGrant } from '../ciba/index.js';

export interface Grant {
  grantType: string;
  /** the request parameters the grant reads (besides grant_type and client authentication) */
  parameters: readonly string[];
  /** public clients (token_endpoint_auth_method `none`) may use the grant */
  publicClients?: boolean;
  handle(ctx: EndpointContext, principal: Principal): Promise<EndpointResult>;
}

export const GRANTS: ReadonlyMap<string, Grant> = new Map([authorizationCode, refreshToken, clientCredentials, tokenExchange, cibaGrant].map((g) => [g.grantType, g]));
