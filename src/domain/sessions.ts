/**
 * Sessions: a person's sign-in at an issuer, and everything issued to it.
 *
 * - A session starts at the hosted sign-in page (`signIn`), with the device it runs on (user
 *   agent, IP, first and last seen). The browser keeps a cookie (`<session id>.<secret>`, only the
 *   SHA-256 of the secret is stored) for single sign-on at the hosted page.
 * - Authorization codes (`agc_…`, 60 s, single use, bound to client, redirect_uri and the PKCE
 *   challenge) are issued from a session; redeeming one issues the first refresh token.
 * - Refresh tokens (`agr_<session>_<secret>`, only the SHA-256 stored) rotate on every use. Policy
 *   (written down, SECURITY-CASES §0.1): strict. Presenting a token that was already rotated —
 *   a replay, or the loser of two concurrent refreshes — revokes the whole session and every
 *   token issued to it and emits `session.compromised` once. A reused authorization code revokes
 *   the session the same way (RFC 6749 §4.1.2).
 * - A refresh reads the token (one joined read), then in one statement (a CTE, so one
 *   transaction) locks the session row (the lock order of every revocation too: session, then
 *   tokens) and retires the token with a compare-and-set (`UPDATE … WHERE status = 'active'`),
 *   moves last seen and inserts the successor and the event: the second of two concurrent
 *   refreshes waits, re-reads the row, changes nothing and takes the reuse path. A session
 *   revoked in between has its tokens revoked in the same transaction, so the compare-and-set
 *   fails for it too. `UNIQUE(parentId)` backs this up (one successor per token).
 * - Timeouts (issuer policy): a session idle longer than `sessionIdleTimeoutSeconds` or older
 *   than `sessionAbsoluteLifetimeSeconds` is over (marked `expired` when next presented).
 * - Organization context: the session's selected organization. A user with exactly one active
 *   membership gets it selected at sign-in; with several, none. Tokens carry `org_id` and the
 *   membership's scopes only while membership and organization are active (checked at every
 *   issuance, so membership changes show on the next refresh).
 *
 * Expected outcomes of the protocol calls (`redeemCode`, `rotate`) are returned as discriminated
 * results, never thrown; the Core API calls (`revoke*`, `switchOrganization`) throw typed errors.
 * @module
 */
import * as z from 'zod';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Session, User, Issuer, RefreshToken } from '../generated/prisma/client.js';
import type { Tx } from '../data/database.js';
import { Prisma } from '../generated/prisma/client.js';
import { insertEventSql, preparedEvent, type EventPayload } from './events.js';
import { newId, isIdOf } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { idOf, parseInput } from './validation.js';
import { actorOf, holds, type Actor, type Viewer } from './viewer.js';
import { eventData, type EventPayloadInputs } from './event-payloads.js';
import { effectiveMfaPolicy } from './mfa-policy.js';
import { ownSignIn, visible } from './authorization/visibility.js';
import { revokeDescendants } from './authorization/lineage.js';
import { sessionEndsAt } from './authorization/creator.js';
import type { ServiceDeps } from './deps.js';
import { prismaRunner } from '../data/sql.js';

/** Authorization codes live this long (RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const AUTHORIZATION_CODE_TTL_SECONDS = 60;
export const REFRESH_TOKEN_PREFIX = 'agr_';
export const AUTHORIZATION_CODE_PREFIX = 'agc_';

const SYSTEM: Actor = { type: 'system', id: null };
const SESSION_SUFFIX = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface DeviceInfo {
  userAgent: string | null;
  ip: string | null;
}

/** The organization claims a token of this session carries now. */
export interface OrganizationContext {
  organizationId: string | null;
  /** the membership's scopes in that organization (empty without one) */
  scopes: string[];
}

export type SessionUser = Pick<
  User,
  'id' | 'issuerId' | 'username' | 'email' | 'emailVerified' | 'firstName' | 'lastName' | 'status' | 'updatedAt'
>;

type RefreshTokenRow = Pick<RefreshToken, 'id' | 'sessionId' | 'clientId' | 'scope' | 'resources' | 'status' | 'expiresAt' | 'jkt'>;

/**
 * The columns of a session (`s`, unprefixed), its user (`u`, prefixed u_) and a membership (`m`)
 * with its organization (`o`) read in one statement with the session (see `joinedSession`).
 */
const SESSION_COLUMNS = Prisma.sql`s.id, s."issuerId", s."userId", s."clientId", s."organizationId", s."userAgent", s.ip, s.amr,
  s.status::text AS status, s."cookieHash", s."authTime", s."createdAt", s."lastSeenAt", s."expiresAt", s."revokedAt", s."revokedReason",
  u."issuerId" AS "u_issuerId", u.username AS u_username, u.email AS u_email, u."emailVerified" AS "u_emailVerified",
  u."firstName" AS "u_firstName", u."lastName" AS "u_lastName", u.status::text AS u_status, u."updatedAt" AS "u_updatedAt",
  m.scopes AS m_scopes, (m.status = 'active' AND o.status = 'active') AS m_active`;

/** `Date.prototype.toISOString` of a timestamptz column, in SQL (event payloads built in a statement). */
const isoSql = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** One row read with SESSION_COLUMNS. */
interface JoinedSession extends Omit<Session, 'status'> {
  status: string;
  u_issuerId: string;
  u_username: string;
  u_email: string | null;
  u_emailVerified: boolean;
  u_firstName: string | null;
  u_lastName: string | null;
  u_status: string;
  u_updatedAt: Date;
  m_scopes: string[] | null;
  m_active: boolean | null;
}

/**
 * One row of `redeemCode`'s statement: the code (c_), its session's issuer (i_) and
 * SESSION_COLUMNS (null columns without a session).
 */
interface CodeRow extends Omit<JoinedSession, 'id'> {
  id: string | null;
  c_sessionId: string | null;
  c_clientId: string;
  c_redirectUri: string;
  c_scope: string;
  c_resources: string[];
  c_nonce: string | null;
  c_codeChallenge: string | null;
  c_organizationId: string | null;
  c_expiresAt: Date;
  c_spent: boolean;
  i_accountId: string | null;
  i_sessionIdleTimeoutSeconds: number | null;
}

/** The session, its user and the context in `organizationId` (the membership joined) of a SESSION_COLUMNS row. */
function joinedSession(
  r: JoinedSession,
  organizationId: string | null,
): { session: Session; user: SessionUser; context: OrganizationContext } {
  const session: Session = {
    id: r.id,
    issuerId: r.issuerId,
    userId: r.userId,
    clientId: r.clientId,
    organizationId: r.organizationId,
    userAgent: r.userAgent,
    ip: r.ip,
    amr: r.amr,
    status: r.status as Session['status'],
    cookieHash: r.cookieHash,
    authTime: r.authTime,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    revokedReason: r.revokedReason,
  };
  const user: SessionUser = {
    id: r.userId,
    issuerId: r.u_issuerId,
    username: r.u_username,
    email: r.u_email,
    emailVerified: r.u_emailVerified,
    firstName: r.u_firstName,
    lastName: r.u_lastName,
    status: r.u_status as SessionUser['status'],
    updatedAt: r.u_updatedAt,
  };
  const context: OrganizationContext =
    organizationId && r.m_active === true ? { organizationId, scopes: r.m_scopes ?? [] } : { organizationId: null, scopes: [] };
  return { session, user, context };
}

/** What a successful code redemption or refresh gives the token endpoint to mint from. */
export interface Issuance {
  session: Session;
  user: SessionUser;
  /** the granted scope (space-delimited) */
  scope: string;
  /** the RFC 8707 resources the authorization named (the audiences its tokens may have) */
  resources: string[];
  context: OrganizationContext;
  /** the new refresh token (plaintext, shown once), or null when the client does not refresh */
  refreshToken: string | null;
}

export type CodeRedemption =
  | ({ ok: true; nonce: string | null; redirectUri: string } & Issuance)
  | { ok: false; reason: 'invalid' | 'expired' | 'client_mismatch' | 'redirect_mismatch' | 'pkce' | 'session_inactive' }
  | { ok: false; reason: 'reused'; sessionId: string | null };

export type Rotation =
  | ({ ok: true } & Issuance)
  | { ok: false; reason: 'invalid' | 'client_mismatch' | 'expired' | 'session_inactive' | 'user_inactive' | 'dpop_key_mismatch' }
  | { ok: false; reason: 'reused'; sessionId: string }
  | { ok: false; reason: 'scope' }
  | { ok: false; reason: 'organization' }
  /** the organization requires a second factor this session's sign-in did not pass */
  | { ok: false; reason: 'mfa_required' };

export interface IssueCodeInput {
  session: Session;
  clientId: string;
  redirectUri: string;
  scope: string;
  /** RFC 8707 resources the authorization request named (default none) */
  resources?: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
}

export interface RedeemCodeInput {
  issuerId: string;
  clientId: string;
  code: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
  /** issue a refresh token (the client may use the refresh_token grant) */
  withRefreshToken: boolean;
  /** RFC 9449 §5: bind the refresh token to this DPoP key thumbprint (public clients) */
  jkt?: string | null;
}

export interface RotateInput {
  /** the issuer whose token endpoint was called (its session policy applies) */
  issuer: Pick<Issuer, 'id' | 'accountId' | 'sessionIdleTimeoutSeconds'>;
  clientId: string;
  refreshToken: string;
  /** a narrower scope for the new access token (never wider than the grant) */
  scope?: string[] | null;
  /** switch the session to this organization (RFC-less `organization_id` parameter) */
  organizationId?: string | null;
  /** the thumbprint of the request's DPoP key: a bound refresh token needs the same one (RFC 9449 §5) */
  jkt?: string | null;
  /**
   * The caller's own checks of the grant (e.g. a resource that now requires DPoP), run once every
   * check of the token passed and before anything changes: what it throws refuses the request
   * and the refresh token stays as it was (a retry is not a reuse).
   */
  admit?: (grant: { scope: string; resources: string[] }) => Promise<void> | void;
  /**
   * The caller's `admit` is known to pass for a grant that names no resources (nothing in the
   * request could make it refuse one): then a refresh of such a grant may take the one-statement
   * path (see `rotate`). Default false: every rotation reads first and calls `admit`.
   */
  admitsUnscoped?: boolean;
}

const ById = z.object({ id: idOf('session') });
const ByUser = z.object({ userId: idOf('user') });
const ByOrganization = z.object({ organizationId: idOf('organization') });
const SwitchOrganization = z.object({ sessionId: idOf('session').nullish(), organizationId: idOf('organization').nullable() });

/** The columns of a session every caller may see (the cookie hash never leaves this module). */
const publicSession = (s: Session) => {
  const { cookieHash: _hidden, ...rest } = s;
  return rest;
};

/** S256 (RFC 7636 §4.2): BASE64URL(SHA256(verifier)) compared in constant time. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

type SessionEventType =
  | 'session.created'
  | 'session.refreshed'
  | 'session.revoked'
  | 'session.compromised'
  | 'session.organization-switched';
type EndStatus = 'revoked' | 'compromised' | 'expired';

/** What a session event carries besides the session (see EventPayloadInputs in ./event-payloads.ts). */
type SessionEventExtra<T extends SessionEventType> = Omit<EventPayloadInputs[T], 'session'>;

function recordSessionEvent<T extends SessionEventType>(
  deps: Pick<ServiceDeps, 'recordEvent'>,
  tx: Tx,
  type: T,
  session: Session,
  accountId: string,
  actor: Actor,
  extra?: SessionEventExtra<T>,
) {
  return deps.recordEvent(tx, {
    type,
    accountId,
    issuerId: session.issuerId,
    organizationId: session.organizationId,
    subject: session.id,
    actor,
    data: eventData(type, { ...extra, session } as EventPayloadInputs[T]),
  });
}

/**
 * Ends a session and everything issued to it, in `tx` (the session row first, then its tokens:
 * the one lock order of every refresh and revocation). Only a session still active changes and
 * gets its one event (`session.compromised` or `session.revoked`; none for a timeout). Returns
 * whether it changed. Used by this service and by the user service (suspension).
 */
/**
 * Ends a session in `tx`: its refresh tokens, an event, and what was made with it (credential
 * lineage). `within`: when an organization's credential ends the session, the organization the
 * lineage cascade may reach (credentials of other organizations are theirs to end); undefined:
 * everything (the person themself, an account key, the server).
 */
export async function endSessionIn(
  deps: Pick<ServiceDeps, 'clock' | 'recordEvent'>,
  tx: Tx,
  session: Session,
  status: EndStatus,
  reason: string,
  accountId: string,
  actor: Actor,
  within?: string | null,
): Promise<boolean> {
  const now = deps.clock.now();
  const changed = await tx.session.updateMany({
    where: { id: session.id, status: 'active' },
    data: { status, revokedAt: now, revokedReason: reason, cookieHash: null },
  });
  await tx.refreshToken.updateMany({ where: { sessionId: session.id, status: 'active' }, data: { status: 'revoked' } });
  if (changed.count === 0) return false;
  // what the person made with this sign-in (keys, personal tokens) ends with it
  await revokeDescendants(tx, [session.id], { actor, clock: deps.clock, recordEvent: deps.recordEvent, within });
  const after = { ...session, status, revokedAt: now, revokedReason: reason } as Session;
  if (status === 'compromised') await recordSessionEvent(deps, tx, 'session.compromised', after, accountId, actor, { reason });
  else if (status === 'revoked') await recordSessionEvent(deps, tx, 'session.revoked', after, accountId, actor, { reason });
  return true;
}

export function createSessionService(deps: ServiceDeps) {
  const { prisma, clock } = deps;
  // the hot statements (token read, rotation, code redemption) as prepared statements
  const sql = deps.sql ?? prismaRunner(prisma);

  const sessionEvent = <T extends SessionEventType>(
    tx: Tx,
    type: T,
    session: Session,
    accountId: string,
    actor: Actor,
    extra?: SessionEventExtra<T>,
  ) => recordSessionEvent(deps, tx, type, session, accountId, actor, extra);

  /** The reason a session no longer works at `now`, or null while it does. */
  function ended(session: Session, issuer: Pick<Issuer, 'sessionIdleTimeoutSeconds'>, now: Date): 'inactive' | 'expired' | null {
    if (session.status !== 'active') return 'inactive';
    if (session.expiresAt <= now) return 'expired';
    if (session.lastSeenAt.getTime() + issuer.sessionIdleTimeoutSeconds * 1000 <= now.getTime()) return 'expired';
    return null;
  }

  /**
   * When an active session ends at the latest (its absolute lifetime), or null when it is not
   * active: revoked, past its absolute lifetime, or idle longer than its issuer's
   * `sessionIdleTimeoutSeconds` (see `sessionEndsAt`).
   */
  async function activeUntil(sessionId: string): Promise<Date | null> {
    const session = await prisma.session.findUnique({
      where: { id: sessionId },
      select: { status: true, expiresAt: true, lastSeenAt: true, issuer: { select: { sessionIdleTimeoutSeconds: true } } },
    });
    const ends = session ? sessionEndsAt(session, session.issuer.sessionIdleTimeoutSeconds) : null;
    return session && ends && ends > clock.now() ? session.expiresAt : null;
  }

  const endSession = (
    tx: Tx,
    session: Session,
    status: EndStatus,
    reason: string,
    accountId: string,
    actor: Actor,
    within?: string | null,
  ) => endSessionIn(deps, tx, session, status, reason, accountId, actor, within);

  async function contextOf(db: Tx | typeof prisma, userId: string, organizationId: string | null): Promise<OrganizationContext> {
    if (!organizationId) return { organizationId: null, scopes: [] };
    const membership = await db.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
      select: { scopes: true, status: true, organization: { select: { status: true } } },
    });
    if (membership?.status !== 'active' || membership.organization.status !== 'active') return { organizationId: null, scopes: [] };
    return { organizationId, scopes: membership.scopes };
  }

  /**
   * Whether the session's sign-in meets the MFA rule of `organizationId` (the issuer's policy made
   * stricter by the organization's; a user enrolled in TOTP must always have passed it), so that
   * switching organization never skips a second factor the sign-in page would have asked for.
   */
  async function mfaMet(session: Pick<Session, 'userId' | 'amr'>, organizationId: string): Promise<boolean> {
    if (session.amr.includes('otp')) return true;
    const org = await prisma.organization.findUnique({
      where: { id: organizationId },
      select: { mfaPolicy: true, issuer: { select: { mfaPolicy: true } } },
    });
    const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { totpSecretEnc: true } });
    return !!org && !!user && user.totpSecretEnc === null && effectiveMfaPolicy(org.issuer.mfaPolicy, org.mfaPolicy) !== 'required';
  }

  /** The organization a new session starts in: the only active one, else none. */
  async function defaultOrganization(userId: string): Promise<string | null> {
    const memberships = await prisma.membership.findMany({
      where: { userId, status: 'active', organization: { status: 'active' } },
      select: { organizationId: true },
      take: 2,
    });
    return memberships.length === 1 ? memberships[0]!.organizationId : null;
  }

  const userSelect = {
    id: true,
    issuerId: true,
    username: true,
    email: true,
    emailVerified: true,
    firstName: true,
    lastName: true,
    status: true,
    updatedAt: true,
  } as const;

  /** The session named by a refresh token's public part, or null for a malformed token. */
  function sessionIdOfRefreshToken(token: string): string | null {
    // agr_ + the session id's 26 characters + _ + the secret (base64url, which may contain _ itself)
    if (typeof token !== 'string' || !token.startsWith(REFRESH_TOKEN_PREFIX)) return null;
    const body = token.slice(REFRESH_TOKEN_PREFIX.length);
    const suffix = body.slice(0, 26);
    if (body[26] !== '_' || !SESSION_SUFFIX.test(suffix) || !SECRET.test(body.slice(27))) return null;
    return `s_${suffix}`;
  }

  /**
   * A refresh token by hash with its session, the session's user and the organization context
   * the session is in now (membership and organization active), in one statement; or null.
   */
  async function readRefreshToken(
    tokenHash: string,
  ): Promise<{ token: RefreshTokenRow; session: Session; user: SessionUser; context: OrganizationContext } | null> {
    type Row = JoinedSession & {
      t_id: string;
      t_sessionId: string;
      t_clientId: string;
      t_scope: string;
      t_resources: string[];
      t_status: string;
      t_expiresAt: Date;
      t_jkt: string | null;
    };
    const rows = await sql.run<Row>(Prisma.sql`
      SELECT t.id AS t_id, t."sessionId" AS "t_sessionId", t."clientId" AS "t_clientId", t.scope AS t_scope, t.resources AS t_resources,
             t.status::text AS t_status, t."expiresAt" AS "t_expiresAt", t.jkt AS t_jkt, ${SESSION_COLUMNS}
      FROM "RefreshToken" t
      JOIN "Session" s ON s.id = t."sessionId"
      JOIN "User" u ON u.id = s."userId"
      LEFT JOIN "Membership" m ON m."organizationId" = s."organizationId" AND m."userId" = s."userId"
      LEFT JOIN "Organization" o ON o.id = m."organizationId"
      WHERE t."tokenHash" = ${tokenHash}`);
    const r = rows[0];
    if (!r) return null;
    const token: RefreshTokenRow = {
      id: r.t_id,
      sessionId: r.t_sessionId,
      clientId: r.t_clientId,
      scope: r.t_scope,
      resources: r.t_resources ?? [],
      status: r.t_status as RefreshTokenRow['status'],
      expiresAt: r.t_expiresAt,
      // RFC 9449 §5: the DPoP key a public client's refresh token is bound to (kept by its successor)
      jkt: r.t_jkt,
    };
    return { token, ...joinedSession(r, r.organizationId) };
  }

  /**
   * The one-statement rotation: the common refresh (no `scope`, no `organization_id`, a grant that
   * names no resources, a caller whose `admit` passes such a grant) when everything `rotate` checks
   * holds. One statement (a CTE, so one transaction) finds the token by hash (this client's, this
   * session's, active, unexpired, bound to no DPoP key or to the request's), locks its session
   * (active, within its absolute lifetime and idle timeout, of this issuer, its user active: the
   * lock order of every revocation), retires the token by compare-and-set, moves last seen,
   * inserts the successor and `session.refreshed` (its payload built from the locked row, as
   * `sessionData` would) and answers the session, user and organization context. Returns null
   * when any of that does not hold: nothing changed, and `rotate` takes the two-statement path,
   * which tells why (and detects reuse).
   */
  async function rotateAtOnce(input: RotateInput, sessionId: string, now: Date): Promise<Rotation | null> {
    const { issuer } = input;
    const refreshToken = `${REFRESH_TOKEN_PREFIX}${sessionId.slice(2)}_${randomSecret()}`;
    // the event's id, time and source (and the injected write fault) as recordEvent would make them
    const event = preparedEvent(deps.recordEvent, clock, {
      type: 'session.refreshed',
      accountId: issuer.accountId,
      issuerId: issuer.id,
      subject: sessionId,
      actor: { type: 'user', id: null },
      // the payload is built by the statement from the locked row (same shape as eventData's)
      data: {} as EventPayload,
    });
    const idleCutoff = new Date(now.getTime() - issuer.sessionIdleTimeoutSeconds * 1000);
    const idleEnd = new Date(now.getTime() + issuer.sessionIdleTimeoutSeconds * 1000);
    type Row = JoinedSession & { t_scope: string; t_resources: string[] };
    const rows = await sql.run<Row>(Prisma.sql`
      WITH found AS (
        SELECT t.id, t."clientId", t.scope, t.resources, t.jkt FROM "RefreshToken" t
        WHERE t."tokenHash" = ${sha256Hex(input.refreshToken)} AND t."sessionId" = ${sessionId} AND t."clientId" = ${input.clientId}
          AND t.status = 'active' AND t."expiresAt" > ${now}::timestamptz AND cardinality(t.resources) = 0
          AND (t.jkt IS NULL OR t.jkt = ${input.jkt ?? null})
      ), locked AS (
        SELECT s.id FROM "Session" s
        WHERE s.id = ${sessionId} AND s."issuerId" = ${issuer.id} AND s.status = 'active' AND s."expiresAt" > ${now}::timestamptz
          AND s."lastSeenAt" > ${idleCutoff}::timestamptz AND EXISTS (SELECT 1 FROM found)
          AND EXISTS (SELECT 1 FROM "User" u WHERE u.id = s."userId" AND u.status = 'active')
        FOR UPDATE
      ), claimed AS (
        UPDATE "RefreshToken" SET status = 'rotated', "rotatedAt" = ${now}::timestamptz
        WHERE id = (SELECT id FROM found) AND status = 'active' AND EXISTS (SELECT 1 FROM locked)
        RETURNING id
      ), touched AS (
        UPDATE "Session" SET "lastSeenAt" = ${now}::timestamptz
        WHERE id = ${sessionId} AND EXISTS (SELECT 1 FROM claimed)
        RETURNING *
      ), successor AS (
        INSERT INTO "RefreshToken" (id, "sessionId", "clientId", scope, resources, "tokenHash", "parentId", jkt, status, "createdAt", "expiresAt")
        SELECT ${newId('refreshToken')}, touched.id, found."clientId", found.scope, found.resources, ${sha256Hex(refreshToken)}, found.id, found.jkt,
               'active', ${now}::timestamptz, LEAST(${idleEnd}::timestamptz, touched."expiresAt")
        FROM touched, found
        RETURNING id
      ), recorded AS (
        INSERT INTO "Event" (id, "accountId", "issuerId", "organizationId", type, source, subject, "actorType", "actorId", "actorOnBehalfOf", data, metered, time)
        SELECT ${event.id}, ${event.accountId}, touched."issuerId", touched."organizationId", ${event.type}, ${event.source}, touched.id, 'user',
               touched."userId", NULL, jsonb_build_object(
                 'id', touched.id, 'sessionId', touched.id, 'issuerId', touched."issuerId", 'userId', touched."userId",
                 'clientId', found."clientId", 'organizationId', touched."organizationId", 'userAgent', touched."userAgent", 'ip', touched.ip,
                 'amr', to_jsonb(touched.amr), 'status', touched.status::text, 'authTime', ${isoSql('touched."authTime"')},
                 'createdAt', ${isoSql('touched."createdAt"')}, 'lastSeenAt', ${isoSql('touched."lastSeenAt"')},
                 'expiresAt', ${isoSql('touched."expiresAt"')}, 'revokedAt', ${isoSql('touched."revokedAt"')}, 'revokedReason', touched."revokedReason"),
               ${event.metered ?? false}, ${new Date(event.time as Date).toISOString()}::timestamptz
        FROM touched, found, successor
        RETURNING id
      )
      SELECT found.scope AS t_scope, found.resources AS t_resources, ${SESSION_COLUMNS}
      FROM recorded, found, touched s
      JOIN "User" u ON u.id = s."userId"
      LEFT JOIN "Membership" m ON m."organizationId" = s."organizationId" AND m."userId" = s."userId"
      LEFT JOIN "Organization" o ON o.id = m."organizationId"`);
    const row = rows[0];
    if (!row) return null;
    deps.recordEvent.recorded?.(prisma, 'session.refreshed');
    const { session, user, context } = joinedSession(row, row.organizationId);
    return { ok: true, session, user, scope: row.t_scope, resources: row.t_resources ?? [], context, refreshToken };
  }

  async function requireVisibleSession(viewer: Viewer, id: string) {
    const session = await prisma.session.findFirst({
      where: { id, AND: [visible.session(viewer)] },
      include: { issuer: { select: { accountId: true } } },
    });
    if (!session) throw new NotFoundError('Session', id);
    return session;
  }

  return {
    /** Starts a session after the person authenticated at the hosted page; returns the cookie value. */
    async signIn(input: {
      issuer: Pick<Issuer, 'id' | 'accountId' | 'sessionAbsoluteLifetimeSeconds'>;
      userId: string;
      clientId: string | null;
      amr: string[];
      device: DeviceInfo;
    }): Promise<{ session: Session; cookie: string }> {
      const now = clock.now();
      const secret = randomSecret();
      const organizationId = await defaultOrganization(input.userId);
      return prisma.$transaction(async (tx) => {
        const session = await tx.session.create({
          data: {
            id: newId('session'),
            issuerId: input.issuer.id,
            userId: input.userId,
            clientId: input.clientId,
            organizationId,
            userAgent: input.device.userAgent?.slice(0, 512) ?? null,
            ip: input.device.ip,
            amr: input.amr,
            cookieHash: sha256Hex(secret),
            authTime: now,
            createdAt: now,
            lastSeenAt: now,
            expiresAt: new Date(now.getTime() + input.issuer.sessionAbsoluteLifetimeSeconds * 1000),
          },
        });
        await sessionEvent(tx, 'session.created', session, input.issuer.accountId, { type: 'user', id: input.userId });
        return { session, cookie: `${session.id}.${secret}` };
      });
    },

    /**
     * The live session of a sign-in cookie at this issuer (and its user), or null. Using it counts
     * as activity (last seen moves); an idle or too old session is marked expired instead.
     */
    async fromCookie(
      issuer: Pick<Issuer, 'id' | 'sessionIdleTimeoutSeconds'>,
      cookie: string | undefined,
    ): Promise<{ session: Session; user: SessionUser } | null> {
      if (!cookie) return null;
      const dot = cookie.indexOf('.');
      const id = cookie.slice(0, dot);
      const secret = cookie.slice(dot + 1);
      if (dot < 0 || !isIdOf('session', id) || !SECRET.test(secret)) return null;
      const session = await prisma.session.findUnique({
        where: { cookieHash: sha256Hex(secret) },
        include: { user: { select: userSelect } },
      });
      if (!session || session.id !== id || session.issuerId !== issuer.id || session.user.status !== 'active') return null;
      const now = clock.now();
      const over = ended(session, issuer, now);
      if (over === 'expired')
        await prisma.session.updateMany({ where: { id, status: 'active' }, data: { status: 'expired', cookieHash: null } });
      if (over) return null;
      const { user, ...row } = await prisma.session.update({
        where: { id },
        data: { lastSeenAt: now },
        include: { user: { select: userSelect } },
      });
      return { session: row, user };
    },

    /** The organization a new session of the user would start in (for the MFA policy that applies). */
    initialOrganization(userId: string): Promise<string | null> {
      return defaultOrganization(userId);
    },

    /** The person authenticated again in this session (prompt=login, max_age): auth_time and amr renewed. */
    async reauthenticated(sessionId: string, amr: string[]): Promise<Session> {
      const now = clock.now();
      return prisma.session.update({ where: { id: sessionId }, data: { authTime: now, lastSeenAt: now, amr } });
    },

    /** Ends the browser's session (RP-initiated logout); true when one was ended. */
    async signOut(sessionId: string): Promise<boolean> {
      const session = await prisma.session.findUnique({ where: { id: sessionId }, include: { issuer: { select: { accountId: true } } } });
      if (!session) return false;
      return prisma.$transaction((tx) =>
        endSession(tx, session, 'revoked', 'signed_out', session.issuer.accountId, { type: 'user', id: session.userId }),
      );
    },

    /** Issues a single-use authorization code for the session; returns the code (shown once). */
    async issueCode(input: IssueCodeInput): Promise<string> {
      const now = clock.now();
      const code = `${AUTHORIZATION_CODE_PREFIX}${randomSecret()}`;
      await prisma.authorizationCode.create({
        data: {
          id: newId('authorizationCode'),
          codeHash: sha256Hex(code),
          issuerId: input.session.issuerId,
          clientId: input.clientId,
          userId: input.session.userId,
          sessionId: input.session.id,
          redirectUri: input.redirectUri,
          scope: input.scope,
          resources: input.resources ?? [],
          nonce: input.nonce,
          codeChallenge: input.codeChallenge,
          codeChallengeMethod: input.codeChallengeMethod,
          organizationId: input.session.organizationId,
          authTime: input.session.authTime,
          expiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_TTL_SECONDS * 1000),
        },
      });
      return code;
    },

    /**
     * The RFC 8707 resources an unspent, unexpired authorization code of the issuer names, or null
     * (unknown, spent, expired): a read that changes nothing, for checks that must refuse before
     * `redeemCode` spends the code.
     */
    async codeResources(issuerId: string, code: string): Promise<string[] | null> {
      if (typeof code !== 'string' || !code.startsWith(AUTHORIZATION_CODE_PREFIX) || code.length > 100) return null;
      const row = await prisma.authorizationCode.findFirst({
        where: { codeHash: sha256Hex(code), issuerId, usedAt: null, expiresAt: { gt: clock.now() } },
        select: { resources: true },
      });
      return row ? row.resources : null;
    },

    /**
     * Redeems an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6). The code is spent by the
     * first attempt whatever its outcome; a second attempt revokes the session it came from.
     */
    async redeemCode(input: RedeemCodeInput): Promise<CodeRedemption> {
      if (typeof input.code !== 'string' || !input.code.startsWith(AUTHORIZATION_CODE_PREFIX) || input.code.length > 100)
        return { ok: false, reason: 'invalid' };
      const now = clock.now();
      const codeHash = sha256Hex(input.code);
      // One statement spends the code (compare-and-set on usedAt: of two redemptions exactly one
      // changes the row) and reads it with its session, the session's issuer policy and user, and
      // the membership in the code's organization.
      const rows = await sql.run<CodeRow>(Prisma.sql`
        WITH spent AS (
          UPDATE "AuthorizationCode" SET "usedAt" = ${now}::timestamptz
          WHERE "codeHash" = ${codeHash} AND "issuerId" = ${input.issuerId} AND "usedAt" IS NULL
          RETURNING id
        )
        SELECT c."sessionId" AS "c_sessionId", c."clientId" AS "c_clientId", c."redirectUri" AS "c_redirectUri", c.scope AS c_scope,
               c.resources AS c_resources, c.nonce AS c_nonce, c."codeChallenge" AS "c_codeChallenge", c."organizationId" AS "c_organizationId",
               c."expiresAt" AS "c_expiresAt", EXISTS (SELECT 1 FROM spent) AS c_spent, i."accountId" AS "i_accountId",
               i."sessionIdleTimeoutSeconds" AS "i_sessionIdleTimeoutSeconds", ${SESSION_COLUMNS}
        FROM "AuthorizationCode" c
        LEFT JOIN "Session" s ON s.id = c."sessionId"
        LEFT JOIN "Issuer" i ON i.id = s."issuerId"
        LEFT JOIN "User" u ON u.id = s."userId"
        LEFT JOIN "Membership" m ON m."organizationId" = c."organizationId" AND m."userId" = s."userId"
        LEFT JOIN "Organization" o ON o.id = m."organizationId"
        WHERE c."codeHash" = ${codeHash} AND c."issuerId" = ${input.issuerId}`);
      const found = rows[0];
      if (!found) return { ok: false, reason: 'invalid' };
      const joined = found.id === null ? null : joinedSession({ ...found, id: found.id }, found.c_organizationId);
      const issuer = { accountId: found.i_accountId ?? '', sessionIdleTimeoutSeconds: found.i_sessionIdleTimeoutSeconds ?? 0 };
      if (!found.c_spent) {
        const session = joined?.session;
        if (session)
          await prisma.$transaction((tx) => endSession(tx, session, 'revoked', 'authorization_code_reuse', issuer.accountId, SYSTEM));
        return { ok: false, reason: 'reused', sessionId: found.c_sessionId };
      }
      if (found.c_clientId !== input.clientId) return { ok: false, reason: 'client_mismatch' };
      if (found.c_expiresAt <= now) return { ok: false, reason: 'expired' };
      if (input.redirectUri !== found.c_redirectUri) return { ok: false, reason: 'redirect_mismatch' };
      if (
        found.c_codeChallenge === null
          ? input.codeVerifier !== undefined
          : input.codeVerifier === undefined || !pkceMatches(input.codeVerifier, found.c_codeChallenge)
      )
        return { ok: false, reason: 'pkce' };
      if (!joined || ended(joined.session, issuer, now) || joined.user.status !== 'active')
        return { ok: false, reason: 'session_inactive' };
      const { session, user, context } = joined;
      const resources = found.c_resources ?? [];
      let refreshToken: string | null = null;
      if (input.withRefreshToken) {
        // only while the session is still active (a revocation in between revoked its tokens)
        refreshToken = `${REFRESH_TOKEN_PREFIX}${session.id.slice(2)}_${randomSecret()}`;
        const idleEnd = new Date(now.getTime() + issuer.sessionIdleTimeoutSeconds * 1000);
        const inserted = await sql.run<{ id: string }>(Prisma.sql`
          INSERT INTO "RefreshToken" (id, "sessionId", "clientId", scope, resources, "tokenHash", "parentId", jkt, status, "createdAt", "expiresAt")
          SELECT ${newId('refreshToken')}, s.id, ${found.c_clientId}, ${found.c_scope}, ${resources}::text[], ${sha256Hex(refreshToken)}, NULL,
                 ${input.jkt ?? null}, 'active', ${now}::timestamptz, ${idleEnd < session.expiresAt ? idleEnd : session.expiresAt}::timestamptz
          FROM "Session" s WHERE s.id = ${session.id} AND s.status = 'active'
          RETURNING id`);
        if (inserted.length !== 1) return { ok: false, reason: 'session_inactive' };
      }
      return {
        ok: true,
        session,
        user,
        scope: found.c_scope,
        resources,
        context,
        refreshToken,
        nonce: found.c_nonce,
        redirectUri: found.c_redirectUri,
      };
    },

    /**
     * Rotates a refresh token (RFC 6749 §6) under the strict reuse policy of the module comment.
     * Two statements on the way that succeeds: one read (token, session, user and the session's
     * organization context, joined), then one statement that locks the session, retires the
     * token by compare-and-set, moves last seen, inserts the successor and the event (a CTE: one
     * implicit transaction, the lock order of every revocation: session, then tokens).
     */
    async rotate(input: RotateInput): Promise<Rotation> {
      const sessionId = sessionIdOfRefreshToken(input.refreshToken);
      if (!sessionId) return { ok: false, reason: 'invalid' };
      const { issuer } = input;
      const now = clock.now();
      // the common refresh (no narrowing, no switch, a grant without resources) in one statement
      if (input.admitsUnscoped && !input.scope && !input.organizationId) {
        const done = await rotateAtOnce(input, sessionId, now);
        if (done) return done;
      }
      // Read outside the transaction; the compare-and-set below decides (see the module comment).
      const found = await readRefreshToken(sha256Hex(input.refreshToken));
      if (!found || found.token.sessionId !== sessionId || found.session.issuerId !== issuer.id) return { ok: false, reason: 'invalid' };
      const { token, session, user } = found;
      if (token.clientId !== input.clientId) return { ok: false, reason: 'client_mismatch' };
      // a DPoP-bound refresh token works only with a proof by its key (RFC 9449 §5)
      if (token.jkt !== null && token.jkt !== (input.jkt ?? null)) return { ok: false, reason: 'dpop_key_mismatch' };
      const compromised = (tx: Tx) => endSession(tx, session, 'compromised', 'refresh_token_reuse', issuer.accountId, SYSTEM);
      if (token.status === 'rotated') {
        await prisma.$transaction(compromised);
        return { ok: false, reason: 'reused', sessionId };
      }
      if (token.status !== 'active') return { ok: false, reason: 'invalid' };
      const over = ended(session, issuer, now);
      if (over === 'expired') await prisma.$transaction((tx) => endSession(tx, session, 'expired', 'timeout', issuer.accountId, SYSTEM));
      if (over) return { ok: false, reason: over === 'expired' ? 'expired' : 'session_inactive' };
      if (token.expiresAt <= now) return { ok: false, reason: 'expired' };
      if (user.status !== 'active') return { ok: false, reason: 'user_inactive' };

      const granted = token.scope.split(' ').filter(Boolean);
      if (input.scope?.some((s) => !granted.includes(s))) return { ok: false, reason: 'scope' };

      let organizationId = session.organizationId;
      let context = found.context;
      if (input.organizationId !== undefined && input.organizationId !== null && input.organizationId !== organizationId) {
        const target = await contextOf(prisma, user.id, input.organizationId);
        if (!target.organizationId) return { ok: false, reason: 'organization' };
        if (!(await mfaMet(session, input.organizationId))) return { ok: false, reason: 'mfa_required' };
        organizationId = input.organizationId;
        context = target;
      }

      await input.admit?.({ scope: token.scope, resources: token.resources ?? [] });

      const updated: Session = { ...session, lastSeenAt: now, organizationId };
      const refreshToken = `${REFRESH_TOKEN_PREFIX}${session.id.slice(2)}_${randomSecret()}`;
      const idleEnd = new Date(now.getTime() + issuer.sessionIdleTimeoutSeconds * 1000);
      const switched = organizationId !== session.organizationId;
      const type = switched ? 'session.organization-switched' : 'session.refreshed';
      const event = preparedEvent(deps.recordEvent, clock, {
        type,
        accountId: issuer.accountId,
        issuerId: updated.issuerId,
        organizationId: updated.organizationId,
        subject: updated.id,
        actor: { type: 'user', id: user.id },
        data: eventData(type, { session: updated, clientId: token.clientId }),
      });
      // One statement, so one transaction: the session row is locked first, as every revocation
      // locks it (session, then its tokens), so a refresh and a revocation never deadlock; then
      // the compare-and-set (of two refreshes with this token exactly one changes the row; a
      // waiting one re-reads the row after the other commits and matches nothing); each later
      // step runs only when the one before changed a row.
      const rows = await sql.run<{ done: number }>(Prisma.sql`
        WITH locked AS (
          SELECT id FROM "Session" WHERE id = ${sessionId} AND status = 'active' FOR UPDATE
        ), claimed AS (
          UPDATE "RefreshToken" SET status = 'rotated', "rotatedAt" = ${now}::timestamptz
          WHERE id = ${token.id} AND status = 'active' AND EXISTS (SELECT 1 FROM locked)
          RETURNING id
        ), touched AS (
          UPDATE "Session" SET "lastSeenAt" = ${now}::timestamptz, "organizationId" = ${organizationId}
          WHERE id = ${sessionId} AND EXISTS (SELECT 1 FROM claimed)
          RETURNING id
        ), successor AS (
          INSERT INTO "RefreshToken" (id, "sessionId", "clientId", scope, resources, "tokenHash", "parentId", jkt, status, "createdAt", "expiresAt")
          SELECT ${newId('refreshToken')}, touched.id, ${token.clientId}, ${token.scope}, ${token.resources}::text[], ${sha256Hex(refreshToken)},
                 ${token.id}, ${token.jkt}, 'active', ${now}::timestamptz, ${idleEnd < session.expiresAt ? idleEnd : session.expiresAt}::timestamptz
          FROM touched
          RETURNING id
        ), recorded AS (${insertEventSql(event, 'successor')})
        SELECT count(*)::int AS done FROM recorded`);
      if (rows[0]?.done !== 1) {
        await prisma.$transaction(compromised);
        return { ok: false, reason: 'reused', sessionId };
      }
      deps.recordEvent.recorded?.(prisma, type);
      return {
        ok: true,
        session: updated,
        user,
        scope: input.scope ? input.scope.join(' ') : token.scope,
        resources: token.resources,
        context,
        refreshToken,
      };
    },

    /**
     * Revokes a refresh token for RFC 7009: the token's session ends with it (every token of the
     * grant). Returns 'revoked', 'not_found' (unknown, malformed or another issuer's: answer 200
     * anyway) or 'other_client' (another client's token: refused, nothing changes).
     */
    async revokeRefreshToken(issuerId: string, clientId: string, token: string): Promise<'revoked' | 'not_found' | 'other_client'> {
      if (!sessionIdOfRefreshToken(token)) return 'not_found';
      const found = await prisma.refreshToken.findUnique({
        where: { tokenHash: sha256Hex(token) },
        include: { session: { include: { issuer: { select: { accountId: true } } } } },
      });
      if (!found || found.session.issuerId !== issuerId) return 'not_found';
      if (found.clientId !== clientId) return 'other_client';
      const { issuer, ...session } = found.session;
      await prisma.$transaction((tx) =>
        endSession(tx, session, 'revoked', 'token_revoked', issuer.accountId, { type: 'user', id: session.userId }),
      );
      return 'revoked';
    },

    /** Whether a refresh token is live (introspection); never says why not. */
    async refreshTokenActive(
      issuerId: string,
      token: string,
    ): Promise<{ clientId: string; scope: string; session: Session; expiresAt: Date } | null> {
      if (!sessionIdOfRefreshToken(token)) return null;
      const found = await prisma.refreshToken.findUnique({
        where: { tokenHash: sha256Hex(token) },
        include: { session: { include: { issuer: true } } },
      });
      if (found?.status !== 'active' || found.session.issuerId !== issuerId) return null;
      const { issuer, ...session } = found.session;
      if (ended(session, issuer, clock.now()) || found.expiresAt <= clock.now()) return null;
      return { clientId: found.clientId, scope: found.scope, session, expiresAt: found.expiresAt };
    },

    /** Whether tokens of this session still work (status, absolute lifetime, idle timeout; read live, no cache). */
    async isActive(sessionId: string): Promise<boolean> {
      return (await activeUntil(sessionId)) !== null;
    },

    activeUntil,

    /** The organization claims for the session's user now (userinfo, token exchange). */
    context(userId: string, organizationId: string | null): Promise<OrganizationContext> {
      return contextOf(prisma, userId, organizationId);
    },

    /** The user of a session (userinfo). */
    user(userId: string): Promise<SessionUser | null> {
      return prisma.user.findUnique({ where: { id: userId }, select: userSelect });
    },

    /** `revokeSession`: ends one session and every token issued to it. */
    async revokeSession(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const found = await requireVisibleSession(viewer, id);
      if (!mayRevoke(viewer, found)) throw new NotFoundError('Session', id);
      if (found.status !== 'active') throw new InvalidStateError('SESSION_ENDED', 'The session has ended already.');
      const { issuer, ...session } = found;
      const within = cascadeWithin(viewer, session.userId);
      if (within !== undefined && (await madeElsewhere([session.id], within)).size > 0)
        throw new ForbiddenError(
          'SESSION_BEYOND_ORGANIZATION',
          'The session made credentials in another organization: only an account key or the person can end it.',
          'id',
        );
      await prisma.$transaction((tx) => endSession(tx, session, 'revoked', 'revoked', issuer.accountId, actorOf(viewer), within));
      return publicSession(await prisma.session.findUniqueOrThrow({ where: { id } }));
    },

    /** `revokeUserSessions`: log out everywhere. Returns how many sessions ended. */
    async revokeUserSessions(viewer: Viewer, input: unknown): Promise<{ userId: string; revokedCount: number }> {
      const { userId } = parseInput(ByUser, input);
      const own = ownSignIn(viewer) && viewer.subject === userId;
      const user = await prisma.user.findFirst({
        where: { id: userId, ...(own ? {} : { AND: [visible.user(viewer)] }) },
        select: { id: true, issuerId: true },
      });
      if (!user || !(own || viewer.kind === 'account_api_key' || holds(viewer, 'members:write'))) throw new NotFoundError('User', userId);
      // an organization's credential ends only the sessions acting in its organization
      const confined = own || viewer.kind === 'account_api_key' ? {} : { organizationId: viewer.organizationId ?? '' };
      const sessions = await prisma.session.findMany({ where: { userId, status: 'active', ...confined } });
      return { userId, revokedCount: await endMany(sessions, actorOf(viewer), viewer.accountId, cascadeWithin(viewer, userId)) };
    },

    /** `revokeOrganizationSessions`: every session acting in the organization. */
    async revokeOrganizationSessions(viewer: Viewer, input: unknown): Promise<{ organizationId: string; revokedCount: number }> {
      const { organizationId } = parseInput(ByOrganization, input);
      const org = await prisma.organization.findFirst({
        where: { id: organizationId, AND: [visible.organization(viewer)] },
        select: { id: true },
      });
      if (!org || !(viewer.kind === 'account_api_key' || (viewer.organizationId === organizationId && holds(viewer, 'members:write'))))
        throw new NotFoundError('Organization', organizationId);
      const sessions = await prisma.session.findMany({ where: { organizationId, status: 'active' } });
      return { organizationId, revokedCount: await endMany(sessions, actorOf(viewer), viewer.accountId, cascadeWithin(viewer, null)) };
    },

    /**
     * `switchOrganization`: selects the organization tokens of the session carry from the next
     * refresh on (null: none). The viewer is the session's own user token (no `sessionId` needed)
     * or an account key naming the session. The membership must be active and the organization
     * not suspended.
     */
    async switchOrganization(viewer: Viewer, input: unknown) {
      const { sessionId: named, organizationId } = parseInput(SwitchOrganization, input);
      const sessionId = named ?? (viewer.kind === 'access_token' ? viewer.sessionId : null);
      if (!sessionId)
        throw new ValidationError([{ path: 'sessionId', message: 'required unless you call with the session’s own access token' }]);
      const found = await requireVisibleSession(viewer, sessionId);
      if (!mayRevoke(viewer, found)) throw new NotFoundError('Session', sessionId);
      // An organization's credential moves a person's session only within its own organization
      // (the person themself may select any organization they belong to).
      const own = ownSignIn(viewer) && viewer.sessionId === found.id;
      if (organizationId && viewer.kind !== 'account_api_key' && !own && organizationId !== viewer.organizationId)
        throw new NotFoundError('Organization', organizationId);
      if (found.status !== 'active') throw new InvalidStateError('SESSION_ENDED', 'The session has ended.');
      if (organizationId) {
        const target = await contextOf(prisma, found.userId, organizationId);
        if (!target.organizationId)
          throw new InvalidStateError('NOT_AN_ACTIVE_MEMBER', 'The user is not an active member of an active organization with that id.');
        if (!(await mfaMet(found, organizationId)))
          throw new InvalidStateError(
            'MFA_REQUIRED',
            'The organization requires two-step verification, which this session did not pass: sign in again.',
          );
      }
      const { issuer } = found;
      return prisma.$transaction(async (tx) => {
        const updated = await tx.session.update({ where: { id: sessionId }, data: { organizationId } });
        // recorded in the organization switched to; which one it left is not that tenant's to know
        await sessionEvent(tx, 'session.organization-switched', updated, issuer.accountId, actorOf(viewer));
        return publicSession(updated);
      });
    },
  };

  /**
   * Of `sessionIds`, those that made active credentials outside organization `within`: an
   * organization's credential may not end them (ending a session stops what it made, and those
   * belong to another tenant).
   */
  async function madeElsewhere(sessionIds: string[], within: string | null): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const elsewhere = { createdById: { in: sessionIds }, status: 'active' as const, NOT: { organizationId: within ?? '' } };
    const [keys, tokens] = await Promise.all([
      prisma.apiKey.findMany({ where: elsewhere, select: { createdById: true } }),
      prisma.personalToken.findMany({ where: elsewhere, select: { createdById: true } }),
    ]);
    return new Set([...keys, ...tokens].map((row) => row.createdById!));
  }

  async function endMany(sessions: Session[], actor: Actor, accountId: string, within?: string | null): Promise<number> {
    if (within !== undefined) {
      // an organization's credential leaves alone the sessions that made another tenant's credentials
      const skip = await madeElsewhere(
        sessions.map((s) => s.id),
        within,
      );
      sessions = sessions.filter((s) => !skip.has(s.id));
    }
    let count = 0;
    for (let i = 0; i < sessions.length; i += 500) {
      const batch = sessions.slice(i, i + 500);
      count += await prisma.$transaction(async (tx) => {
        let n = 0;
        for (const s of batch) if (await endSession(tx, s, 'revoked', 'revoked', accountId, actor, within)) n++;
        return n;
      });
    }
    return count;
  }
}

/**
 * Which sessions a viewer sees: an account key its account's; a user's own token (not delegated)
 * that user's; an organization-confined credential with members:read the sessions acting in its
 * organization.
 */

/**
 * How far ending a person's session reaches into what it made: everything for an account key or
 * the person themself; only the viewer's organization for an organization's credential.
 */
function cascadeWithin(v: Viewer, userId: string | null): string | null | undefined {
  if (v.kind === 'account_api_key') return undefined;
  if (ownSignIn(v) && v.subject === userId) return undefined;
  return v.organizationId;
}

/** Changing a session needs more than seeing it: the user themself, an account key, or members:write. */
function mayRevoke(v: Viewer, session: Session): boolean {
  if (v.kind === 'account_api_key') return true;
  if (ownSignIn(v) && v.subject === session.userId) return true;
  return v.organizationId !== null && session.organizationId === v.organizationId && holds(v, 'members:write');
}

export type SessionService = ReturnType<typeof createSessionService>;
