/**
 * `@authgraph/sdk`: the typed TypeScript client of Authgraph.
 *
 * - {@link AuthgraphAdmin}: the Core API (issuers, clients, organizations, users, agents,
 *   memberships, API keys, invitations, sessions, events, webhook endpoints) and `whoami()`.
 * - {@link verifyAccessToken} / {@link requireScopes}: verify access tokens in your API with a
 *   per-process JWKS cache.
 * - {@link protectedResource}: the resource-server side (RFC 9728 metadata, 401/403 challenges,
 *   audience and DPoP checks) for Node http, Express and Hono, e.g. in front of an MCP server.
 * - {@link webhooks}: verify webhook deliveries (Standard Webhooks) into typed CloudEvents.
 * - {@link AuthgraphError} and its subclasses: every failure, with `code`, `reason` (within the
 *   code, e.g. `INVITATION_EXPIRED`), `status`, `requestId` and `retryable`.
 *
 * Runs on Node 20+, Deno, Bun and edge runtimes: the core uses only fetch, URL and Web Crypto.
 * @module
 */
export { AuthgraphAdmin } from './admin.js';
export type * from './admin.js';
export { Issuers, IssuerScope, Clients, Organizations, OrganizationScope, Users, UserScope, Agents, AgentScope } from './admin.js';
export { List, type Page, type PageParams } from './pagination.js';
export {
  AuthgraphError,
  ValidationError,
  NotFoundError,
  ConflictError,
  LimitReachedError,
  InvalidStateError,
  ForbiddenError,
  AuthenticationError,
  RateLimitedError,
  ServiceUnavailableError,
  NetworkError,
  TimeoutError,
  InternalServerError,
  TRANSPORT_ERROR_CODES,
  type ErrorCode,
  type ErrorReason,
  type FieldIssue,
} from './errors.js';
export {
  verifyAccessToken,
  requireScopes,
  hasScopes,
  clearJwksCache,
  type VerifiedSession,
  type VerifyAccessTokenOptions,
} from './verify.js';
export {
  readAuthorization,
  checkDpopBinding,
  createMemoryReplayStore,
  DPOP_SIGNING_ALGS,
  type DpopPresentation,
  type DpopReplayStore,
} from './dpop.js';
export {
  protectedResource,
  protectedResourceMetadataUrl,
  type ProtectedResource,
  type ProtectedResourceOptions,
  type ResourceAuthInfo,
  type ResourceAuthResult,
  type ResourceRequest,
  type NodeRequestLike,
  type NodeResponseLike,
  type DpopCheck,
} from './protected-resource.js';
export { webhooks, verifyWebhook, WebhookVerificationError, type CloudEvent, type WebhookHeaders } from './webhooks.js';
export type { EventSubscription, SubscribeOptions, SubscribeParams } from './events.js';
export type { ApiKey, AppInfo, RequestOptions } from './transport.js';
export { VERSION } from './version.js';
export type * as Schema from './gql/graphql.js';
