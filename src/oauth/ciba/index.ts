/**
 * OpenID Connect CIBA Core 1.0 (poll and ping modes) with RFC 9396 `authorization_details`:
 * an agent (or confidential client) asks a user to approve something; the user decides on the
 * hosted page; the requester polls the token endpoint, or is pinged and then asks once.
 *
 * - `POST /{issuer}/bc-authorize` (§7): the caller authenticates as at /token: an agent, or a
 *   first-party client (a third-party one, self-registered or CIMD, is `unauthorized_client`, as
 *   an M2M client is). `scope` must hold
 *   `openid` (§7.1); its resource:action scopes must be held by the caller (`invalid_scope`).
 *   `login_hint`: the user's id or username (unknown: `unknown_user_id`). `binding_message`: ≤ 64
 *   characters (`invalid_binding_message`). `authorization_details`: a JSON array of objects with a
 *   string `type` (`invalid_authorization_details`). `requested_expiry` ≤ 300 s. Ping mode when
 *   the caller's metadata has `backchannel_client_notification_endpoint` and it sends
 *   `client_notification_token` (§7.1). `resource` (RFC 8707, repeatable): the registered
 *   Resources the token is for (unknown: `invalid_target`), shown on the approval page. Answer: `auth_req_id` (shown once, stored hashed),
 *   `expires_in`, `interval`. Emits `approval.requested`.
 * - Hosted page `GET|POST /{issuer}/approve?request=bcr_…`: the user signed in at the hosted
 *   sign-in (its session cookie) sees the binding message, the requester, the scopes and the
 *   authorization_details and approves or denies (a CSRF token binds the form to the session).
 *   The decision and its `approval.decided` event are one transaction; an approval by an agent's
 *   request also records the delegation it grants (src/domain/delegations.ts). Ping mode: the
 *   client notification endpoint gets `{auth_req_id}` with the client's bearer token (§10.2),
 *   sent through the webhook SSRF guard (WEBHOOK_ALLOW_PRIVATE_NETWORKS decides private addresses).
 * - Grant `urn:openid:params:grant-type:ciba` (§10.1, §11): `authorization_pending` until the
 *   user decides, `slow_down` when polled faster than `interval` (which then grows by 5 s),
 *   `access_denied`, `expired_token`; `invalid_grant` once the user is no longer active; once approved, one access token (≤ 300 s, `act` = the agent
 *   for an agent) carrying exactly the approved `authorization_details`, for the requested
 *   resources (`aud`; DPoP proof required when one of them says `dpopRequired`, checked before
 *   the request is spent); the request is then spent. A Resource with `singleUseApprovalTokens`
 *   accepts such a token once (SDK protectedResource / verifyAccessToken, and /introspect).
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, literalAddressRefused } from '../../webhooks/ssrf.js';
import type { BackchannelRequest, Prisma } from '../../generated/prisma/client.js';
import { isIdOf, newId } from '../../lib/ids.js';
import { randomSecret, sha256Hex } from '../../lib/crypto.js';
import { SCOPE_PATTERN } from '../../domain/validation.js';
import { eventData } from '../../domain/event-payloads.js';
import { AGENT_TOKEN_TTL_SECONDS } from '../../domain/agents.js';
import { InvalidGrant, InvalidRequest, InvalidScope, OAuthError, UnauthorizedClient } from '../errors.js';
import { authContext, authenticateClient, type Principal } from '../client-auth.js';
import { firstPartyClient } from '../../domain/authorization/visibility.js';
import { mintAccessToken } from '../access-tokens.js';
import { recordIssued } from '../user-tokens.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from '../context.js';
import { htmlResponse, readCookie, SESSION_COOKIE } from '../authorize/responses.js';
import { escapeHtml, hidden, layout } from '../authorize/pages.js';
import type { Grant } from '../grants/common.js';
import {
  audienceFor,
  lifetimeFor,
  requestedResources,
  requireDpopForResources,
  resolveResources,
  scopesForResources,
} from '../resources.js';

export const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';
/** Longest a request waits for the user (and the most `requested_expiry` may ask). */
export const MAX_REQUEST_SECONDS = 300;
export const DEFAULT_INTERVAL_SECONDS = 2;
const MAX_BINDING_MESSAGE = 64;
const MAX_DETAILS_BYTES = 8192;
const AUTH_REQ_PREFIX = 'bca_';

class CibaError extends OAuthError {}

/**
 * True when the text holds a control character (C0, DEL, C1) or a bidirectional formatting
 * character (U+200E/F, U+202A to U+202E, U+2066 to U+2069): the user compares the binding message
 * with their device, so what the page shows must be the characters in the order they were sent.
 */
const hasControlCharacter = (text: string): boolean =>
  [...text].some((c) => {
    const code = c.codePointAt(0)!;
    return (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x200e ||
      code === 0x200f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    );
  });

/** The RFC 9396 authorization_details parameter: a JSON array of objects with a string `type`. */
export function parseAuthorizationDetails(raw: string | undefined): Record<string, unknown>[] {
  if (raw === undefined) return [];
  const invalid = (why: string) => new CibaError('invalid_authorization_details', 400, `authorization_details ${why}`);
  if (raw.length > MAX_DETAILS_BYTES) throw invalid('is too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 10) throw invalid('must be a JSON array of 1 to 10 objects');
  for (const entry of parsed) {
    if (
      typeof entry !== 'object' ||
      entry === null ||
      Array.isArray(entry) ||
      typeof (entry as { type?: unknown }).type !== 'string' ||
      !(entry as { type: string }).type
    )
      throw invalid('entries must be objects with a string type');
  }
  return parsed as Record<string, unknown>[];
}

/** The scopes a requester holds itself (agents: their own; clients: their registered ones). */
const requesterScopes = (principal: Principal): string[] => (principal.kind === 'agent' ? principal.agent.scopes : principal.client.scopes);
const metadataOf = (principal: Principal): Record<string, unknown> =>
  ((principal.kind === 'agent' ? principal.agent.metadata : principal.client.metadata) ?? {}) as Record<string, unknown>;

/** `POST /{issuer}/bc-authorize` (see the module comment). */
export async function backchannelEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const principal = await authenticateClient(ctx.req, ctx.params, authContext(ctx), { allowAgents: true });
  if (principal.kind === 'client' && principal.client.type === 'm2m')
    throw new UnauthorizedClient('an M2M client acts for nobody: it cannot ask a user');
  // a client anyone could register (RFC 7591, CIMD) would reach every user of the issuer with
  // approval requests (and learn from unknown_user_id which users exist): first-party clients only
  if (principal.kind === 'client' && !firstPartyClient(principal.client))
    throw new UnauthorizedClient('a third-party client cannot ask users for approvals');
  const p = ctx.params;
  const scope = [...new Set((p.get('scope') ?? '').split(' ').filter(Boolean))];
  if (!scope.includes('openid')) throw new InvalidRequest('scope must include openid');
  const resourceScopes = scope.filter((s) => SCOPE_PATTERN.test(s));
  const held = requesterScopes(principal);
  if (resourceScopes.some((s) => !held.includes(s))) throw new InvalidScope();
  const hint = p.get('login_hint');
  if (p.has('id_token_hint') || p.has('login_hint_token')) throw new InvalidRequest('only login_hint is supported');
  // discovery says backchannel_user_code_parameter_supported: false (§4, §7.1)
  if (p.has('user_code')) throw new InvalidRequest('user_code is not supported');
  if (hint === undefined) throw new InvalidRequest('login_hint is required');
  const binding = p.get('binding_message');
  if (binding !== undefined && (binding.length === 0 || binding.length > MAX_BINDING_MESSAGE || hasControlCharacter(binding)))
    throw new CibaError('invalid_binding_message', 400, `binding_message must be 1 to ${MAX_BINDING_MESSAGE} printable characters`);
  const details = parseAuthorizationDetails(p.get('authorization_details'));
  // RFC 8707: the API the approved token is for (the issuer's own APIs when none is named)
  const resources = await requestedResources(ctx);
  const requested = p.get('requested_expiry');
  const expiry = requested === undefined ? MAX_REQUEST_SECONDS : Number(requested);
  if (!Number.isInteger(expiry) || expiry < 1 || expiry > MAX_REQUEST_SECONDS)
    throw new InvalidRequest(`requested_expiry must be 1 to ${MAX_REQUEST_SECONDS} seconds`);
  const user = await ctx.shared.services.backchannel.findUser(ctx.issuer.id, hint);
  if (!user) throw new CibaError('unknown_user_id', 400, 'login_hint names no active user of this issuer');
  const endpoint = metadataOf(principal).backchannel_client_notification_endpoint;
  const notificationToken = p.get('client_notification_token');
  const ping = typeof endpoint === 'string' && notificationToken !== undefined;
  if (typeof endpoint === 'string' && notificationToken === undefined)
    throw new InvalidRequest('client_notification_token is required in ping mode');
  const authReqId = `${AUTH_REQ_PREFIX}${randomSecret()}`;
  const id = newId('backchannelRequest');
  const expiresAt = new Date(ctx.now.getTime() + expiry * 1000);
  await ctx.shared.services.backchannel.transaction(async (tx) => {
    const request = await tx.backchannelRequest.create({
      data: {
        id,
        accountId: ctx.issuer.accountId,
        issuerId: ctx.issuer.id,
        clientId: principal.id,
        userId: user.id,
        scope: scope.join(' '),
        resources: resources.map((r) => r.identifier),
        authorizationDetails: details as Prisma.InputJsonArray,
        bindingMessage: binding ?? null,
        deliveryMode: ping ? 'ping' : 'poll',
        notificationEndpoint: ping ? endpoint : null,
        notificationTokenEnc: ping ? ctx.shared.sealer.seal(JSON.stringify({ token: notificationToken, authReqId }), id) : null,
        authReqIdHash: sha256Hex(authReqId),
        interval: DEFAULT_INTERVAL_SECONDS,
        expiresAt,
      },
    });
    await ctx.shared.services.backchannel.recordEvent(tx, {
      type: 'approval.requested',
      accountId: ctx.issuer.accountId,
      issuerId: ctx.issuer.id,
      subject: request.id,
      actor: { type: principal.kind, id: principal.id, onBehalfOf: user.id },
      data: eventData('approval.requested', { request }),
    });
  });
  return {
    status: 200,
    body: { auth_req_id: authReqId, expires_in: expiry, interval: DEFAULT_INTERVAL_SECONDS },
    headers: { ...NO_STORE },
  };
}

/** The CSRF token of the approval form: bound to the request and the user's session. */
function formToken(ctx: EndpointContext, requestId: string, sessionId: string): string {
  return createHmac('sha256', Buffer.from(ctx.shared.sealer.deriveKey('ciba-approval-form')))
    .update(`${requestId}.${sessionId}`)
    .digest('base64url');
}

function page(status: number, title: string, body: string): EndpointResult {
  return htmlResponse(status, layout({ title, body }));
}

/** `GET|POST /{issuer}/approve` (see the module comment). */
export async function approvalEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const requestId = ctx.params.get('request') ?? '';
  if (!isIdOf('backchannelRequest', requestId)) return page(400, 'Unknown request', '<p>This approval request does not exist.</p>');
  const live = await ctx.shared.services.sessions.fromCookie(ctx.issuer, readCookie(ctx.req, SESSION_COOKIE));
  const request = await ctx.shared.services.backchannel.byId(requestId);
  // another user's request looks exactly like one that does not exist
  if (!live || !request || request.issuerId !== ctx.issuer.id || request.userId !== live.user.id) {
    return page(
      live ? 404 : 401,
      live ? 'Unknown request' : 'Sign in first',
      live
        ? '<p>This approval request does not exist.</p>'
        : '<p>Sign in to this issuer first (the hosted sign-in), then open this page again.</p>',
    );
  }
  if (request.status !== 'pending' || request.expiresAt <= ctx.now)
    return page(
      409,
      'Already decided',
      `<p>This request is ${escapeHtml(request.expiresAt <= ctx.now && request.status === 'pending' ? 'expired' : request.status)}.</p>`,
    );
  const csrf = formToken(ctx, request.id, live.session.id);
  if (ctx.req.method === 'GET') {
    const details = Array.isArray(request.authorizationDetails) ? request.authorizationDetails : [];
    return page(
      200,
      'Approve this request?',
      `<h1>Approve this request?</h1>
<p><strong>${escapeHtml(request.clientId)}</strong> asks for your approval.</p>
${request.bindingMessage ? `<p>Check that your device shows: <strong id="binding-message">${escapeHtml(request.bindingMessage)}</strong></p>` : ''}
<p>Scopes: <code id="scope">${escapeHtml(request.scope)}</code></p>
${request.resources.length ? `<p>For: <code id="resources">${escapeHtml(request.resources.join(' '))}</code></p>` : ''}
<pre id="authorization-details">${escapeHtml(JSON.stringify(details, null, 2))}</pre>
<form method="post" action="approve">${hidden('request', request.id)}${hidden('csrf', csrf)}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`,
    );
  }
  const presented = Buffer.from(ctx.params.get('csrf') ?? '');
  if (presented.length !== Buffer.byteLength(csrf) || !timingSafeEqual(presented, Buffer.from(csrf)))
    return page(403, 'Expired form', '<p>The form expired; open the request again.</p>');
  const decision = ctx.params.get('decision');
  if (decision !== 'approve' && decision !== 'deny') return page(400, 'Choose', '<p>Approve or deny.</p>');
  const decided = await ctx.shared.services.backchannel.transaction(async (tx) => {
    const claimed = await tx.backchannelRequest.updateMany({
      where: { id: request.id, status: 'pending', expiresAt: { gt: ctx.now } },
      data: { status: decision === 'approve' ? 'approved' : 'denied', decidedAt: ctx.now },
    });
    if (claimed.count === 0) return null;
    let delegationId: string | null = null;
    if (decision === 'approve' && isIdOf('agent', request.clientId)) {
      // the approval is the user's consent that the agent acts for them (may_act), within what was shown
      const delegation = await ctx.shared.services.delegations.createFromApproval(tx, {
        accountId: request.accountId,
        issuerId: request.issuerId,
        userId: request.userId,
        agentId: request.clientId,
        organizationId: live.session.organizationId,
        scopes: request.scope.split(' ').filter((s) => SCOPE_PATTERN.test(s)),
        authorizationDetails: (request.authorizationDetails ?? []) as unknown[],
        expiresAt: new Date(ctx.now.getTime() + MAX_REQUEST_SECONDS * 1000),
        requestId: request.id,
      });
      delegationId = delegation.id;
    }
    const row = await tx.backchannelRequest.update({ where: { id: request.id }, data: { delegationId } });
    await ctx.shared.services.backchannel.recordEvent(tx, {
      type: 'approval.decided',
      accountId: row.accountId,
      issuerId: row.issuerId,
      subject: row.id,
      actor: { type: 'user', id: row.userId },
      data: eventData('approval.decided', { request: row }),
    });
    return row;
  });
  if (!decided) return page(409, 'Already decided', '<p>This request was already decided.</p>');
  if (decided.deliveryMode === 'ping') void ping(ctx, decided);
  return page(
    200,
    decision === 'approve' ? 'Approved' : 'Denied',
    `<p id="decision">${decision === 'approve' ? 'Approved' : 'Denied'}. You can close this page.</p>`,
  );
}

/**
 * CIBA §10.2: tells the client its result is ready (best effort: it may poll anyway). One POST
 * through the webhook SSRF guard (no private addresses unless the operator allows them; no
 * redirects followed), 5 s at most.
 */
async function ping(ctx: EndpointContext, request: BackchannelRequest): Promise<void> {
  try {
    const { token, authReqId } = JSON.parse(ctx.shared.sealer.open(request.notificationTokenEnc!, request.id)) as {
      token: string;
      authReqId: string;
    };
    const url = new URL(request.notificationEndpoint!);
    const allowPrivateNetworks = ctx.shared.allowPrivateNetworks;
    if (literalAddressRefused(url, allowPrivateNetworks)) return;
    const body = JSON.stringify({ auth_req_id: authReqId });
    await new Promise<void>((resolve) => {
      const sent = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          agent: false,
          lookup: guardedLookup({ allowPrivateNetworks }),
          timeout: 5_000,
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('error', () => resolve());
        },
      );
      sent.on('timeout', () => sent.destroy());
      sent.on('error', () => resolve());
      sent.end(body);
    });
  } catch {
    // the client polls as a fallback
  }
}

/** The CIBA grant (see the module comment). */
export const cibaGrant: Grant = {
  grantType: CIBA_GRANT,
  async handle(ctx, principal) {
    const authReqId = ctx.params.get('auth_req_id');
    if (authReqId === undefined) throw new InvalidRequest('auth_req_id is required');
    const invalid = new InvalidGrant('auth_req_id is invalid, or was issued to another client');
    if (!authReqId.startsWith(AUTH_REQ_PREFIX) || authReqId.length > 100) throw invalid;
    const principals = ctx.shared.services.backchannel;
    const request = await principals.byHash(sha256Hex(authReqId));
    if (!request || request.issuerId !== ctx.issuer.id || request.clientId !== principal.id) throw invalid;
    if (request.status === 'issued') throw invalid;
    if (request.status === 'denied') throw new CibaError('access_denied', 400, 'the user denied the request');
    if (request.status === 'pending') {
      if (request.expiresAt <= ctx.now) throw new CibaError('expired_token', 400, 'the request expired before the user decided');
      const tooSoon = request.lastPolledAt !== null && ctx.now.getTime() - request.lastPolledAt.getTime() < request.interval * 1000;
      await principals.transaction((tx) =>
        tx.backchannelRequest.update({
          where: { id: request.id },
          data: { lastPolledAt: ctx.now, ...(tooSoon ? { interval: request.interval + 5 } : {}) },
        }),
      );
      if (tooSoon) throw new CibaError('slow_down', 400, `poll at most every ${request.interval + 5} seconds`);
      throw new CibaError('authorization_pending', 400, 'the user has not decided yet');
    }
    // the person must still be active (a suspension after the approval ends it: their sessions end too)
    if ((await ctx.shared.services.sessions.user(request.userId))?.status !== 'active') throw invalid;
    // the token's resources, checked before the approval is spent (a missing DPoP proof for a
    // resource that requires one must not burn it)
    const resources = await resolveResources(ctx, request.resources);
    requireDpopForResources(ctx, resources);
    const audience = audienceFor(resources, ctx.issuerUrl);
    // approved: spent by exactly one redemption
    const spent = await principals.transaction((tx) =>
      tx.backchannelRequest.updateMany({ where: { id: request.id, status: 'approved' }, data: { status: 'issued' } }),
    );
    if (spent.count === 0) throw invalid;
    const scopes = scopesForResources(request.scope.split(' ').filter(Boolean), resources);
    const details = (Array.isArray(request.authorizationDetails) ? request.authorizationDetails : []) as unknown[];
    const lifetimeSeconds = lifetimeFor(
      resources,
      Math.min(
        AGENT_TOKEN_TTL_SECONDS,
        MAX_REQUEST_SECONDS,
        principal.kind === 'client'
          ? (principal.client.accessTokenTtlSeconds ?? ctx.issuer.accessTokenTtlSeconds)
          : AGENT_TOKEN_TTL_SECONDS,
      ),
    );
    const signer = await ctx.shared.services.signingKeys.currentSigner(ctx.issuer.id, ctx.issuer.signingAlg);
    const isAgent = principal.kind === 'agent';
    const minted = await mintAccessToken(
      signer,
      {
        issuerUrl: ctx.issuerUrl,
        subject: request.userId,
        clientId: principal.id,
        audience,
        scopes,
        organizationId: null,
        lifetimeSeconds,
        actorId: isAgent ? principal.id : null,
        delegations: request.delegationId ? [request.delegationId] : [],
        authorizationDetails: details.length ? details : null,
        confirmation: ctx.dpop?.jkt ?? null,
      },
      ctx.now,
    );
    await recordIssued(ctx, {
      organizationId: null,
      subject: request.userId,
      actor: { type: principal.kind, id: principal.id, onBehalfOf: request.userId },
      data: eventData('token.issued', {
        grantType: CIBA_GRANT,
        principalType: principal.kind,
        clientId: principal.id,
        authMethod: principal.method,
        userId: request.userId,
        jti: minted.jti,
        kid: minted.kid,
        audience,
        scope: scopes,
        ...(request.delegationId ? { delegations: [request.delegationId] } : {}),
        authorizationDetails: details,
        expiresAt: minted.expiresAt.toISOString(),
      }),
    });
    const body: Record<string, unknown> = {
      access_token: minted.token,
      token_type: ctx.dpop ? 'DPoP' : 'Bearer',
      expires_in: lifetimeSeconds,
      scope: scopes.join(' '),
    };
    if (details.length) body.authorization_details = details;
    return { status: 200, body, headers: { ...NO_STORE } };
  },
};
