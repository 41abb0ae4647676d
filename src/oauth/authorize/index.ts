/**
 * The hosted sign-in: `GET|POST /{issuer}/authorize` and RP-initiated logout at `/end_session`.
 * (Being built.)
 * @module
 */
import { OAuthError } from '../errors.js';
import type { EndpointContext, EndpointResult } from '../context.js';

export async function authorizeEndpoint(_ctx: EndpointContext): Promise<EndpointResult> {
  throw new OAuthError('invalid_request', 404, 'not yet');
}

export async function endSessionEndpoint(_ctx: EndpointContext): Promise<EndpointResult> {
  throw new OAuthError('invalid_request', 404, 'not yet');
}
