/**
 * The grants the token endpoint knows, by `grant_type`. Each is `{ grantType, parameters, handle }`;
 * the token endpoint has already authenticated the caller when `handle` runs.
 * @module
 */
import type { EndpointContext, EndpointResult } from '../context.js';
import type { Principal } from '../client-auth.js';
import { clientCredentials } from './client-credentials.js';

export interface Grant {
  grantType: string;
  /** the request parameters the grant reads (besides grant_type and client authentication) */
  parameters: readonly string[];
  handle(ctx: EndpointContext, principal: Principal): Promise<EndpointResult>;
}

export const GRANTS: ReadonlyMap<string, Grant> = new Map([[clientCredentials.grantType, clientCredentials]]);
