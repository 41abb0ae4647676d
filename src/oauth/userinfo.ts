/**
 * `GET|POST /{issuer}/userinfo` (OIDC Core §5.3). (Being built.)
 * @module
 */
import { OAuthError } from './errors.js';
import type { EndpointContext, EndpointResult } from './context.js';

export async function userinfoEndpoint(_ctx: EndpointContext): Promise<EndpointResult> {
  throw new OAuthError('invalid_request', 404, 'not yet');
}
