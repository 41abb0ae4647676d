/**
 * Operators: the people who run an account through the console (issue 15). They are users of the
 * account's built-in system issuer (`Issuer.system`, made on start when missing), members of its
 * one organization ("Operators") with a role scope (domain/authorization/operators.ts). The
 * console is a public OIDC client of that issuer (authorization code + PKCE, RFC 7636), so
 * operators sign in on the hosted page with the same rotation, reuse detection, MFA and
 * revocation as everyone else; their access tokens become account-level viewers here
 * (`operatorViewer`), re-checked live (authorization/live.ts).
 *
 * The first operator comes from a one-time setup link printed on the first start (beside the admin
 * key): `{PUBLIC_URL}/console/setup#token=ags_…` (a fragment: it never reaches a server log). The
 * link creates one owner with an address and a password, then is spent. Owners invite further
 * operators with the ordinary invitation page of the system issuer.
 * @module
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, email } from './validation.js';
import { OPERATOR_SCOPES, OWNER_ONLY, mayManageOperators, operatorRole, roleScope, type OperatorRole } from './authorization/operators.js';
import { actorOf, type AccessTokenViewer, type AccountKeyViewer, type Actor, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { SigningKeyStore } from './signing-keys.js';
import type { createCredentialService } from './credentials.js';
import type { createUserService } from './users.js';
import type { Tx } from '../data/database.js';

/** Setup links live this long (hours). */
const SETUP_TTL_HOURS = 24;
/** Operator invitations live this long (hours). */
const INVITE_TTL_HOURS = 72;
const SETUP_PREFIX = 'ags_';
const INVITATION_PREFIX = 'agi_';
const SYSTEM: Actor = { type: 'system', id: null };
/** Advisory lock around making an account's system issuer. */
const SYSTEM_LOCK = 0x61676f70;

/** The system issuer of an account and what the console needs to sign in through it. */
export interface SystemIssuer {
  accountId: string;
  issuerId: string;
  organizationId: string;
  /** the console's public client (token_endpoint_auth_method none, PKCE S256) */
  clientId: string;
}

/** One operator as the console lists them. */
export interface OperatorSummary {
  userId: string;
  username: string;
  role: OperatorRole | null;
  status: string;
  mfa: boolean;
  createdAt: Date;
}

const CompleteSetup = z.object({
  token: z.string().min(10).max(200),
  email,
  password: z.string().min(1).max(1024),
  /** TOTP enrolled with the setup: the secret `setupTotp` gave and a current code from the app */
  totp: z.object({ secret: z.string().min(1).max(64), code: z.string().min(1).max(12) }).optional(),
});

const SetupTotp = z.object({ token: z.string().min(10).max(200), email });

/** The name authenticator apps show beside an operator's TOTP entry. */
const TOTP_ISSUER_NAME = 'Authgraph console';

const InviteOperator = z.object({
  email,
  role: z.enum(['owner', 'admin', 'read_only']),
});

/** The console's redirect and post-logout URIs for a public URL (and loopback on any port, RFC 8252 §7.3). */
export function consoleUris(publicUrl: string): { redirectUris: string[]; postLogoutRedirectUris: string[] } {
  const base = publicUrl.replace(/\/+$/, '');
  const redirectUris = [...new Set([`${base}/console/callback`, 'http://127.0.0.1/console/callback'])];
  const postLogoutRedirectUris = [...new Set([`${base}/console/`, 'http://127.0.0.1/console/'])];
  return { redirectUris, postLogoutRedirectUris };
}

/** The services operators are made with (a subset of `Services`, to keep the types acyclic). */
export interface OperatorServiceDeps {
  signingKeys: SigningKeyStore;
  credentials: ReturnType<typeof createCredentialService>;
  users: ReturnType<typeof createUserService>;
}

export function createOperatorService(deps: ServiceDeps, services: OperatorServiceDeps) {
  const { prisma, clock, recordEvent } = deps;
  /** issuer id → the account's system issuer (cached: it never changes once made) */
  const systemByIssuer = new Map<string, SystemIssuer | null>();

  async function findSystem(accountId: string): Promise<SystemIssuer | null> {
    const issuer = await prisma.issuer.findFirst({
      where: { accountId, system: true },
      select: {
        id: true,
        organizations: { select: { id: true }, take: 1, orderBy: { id: 'asc' } },
        clients: { select: { id: true }, take: 1, orderBy: { id: 'asc' } },
      },
    });
    if (!issuer?.organizations[0] || !issuer.clients[0]) return null;
    return { accountId, issuerId: issuer.id, organizationId: issuer.organizations[0].id, clientId: issuer.clients[0].id };
  }

  async function createSystem(tx: Tx, accountId: string, publicUrl: string): Promise<SystemIssuer> {
    const issuer = await tx.issuer.create({
      data: {
        id: newId('issuer'),
        accountId,
        name: 'Operators',
        system: true,
        mfaPolicy: 'optional',
        sessionIdleTimeoutSeconds: 8 * 3600,
        sessionAbsoluteLifetimeSeconds: 7 * 86_400,
      },
    });
    await services.signingKeys.createKey(tx, issuer.id, issuer.signingAlg);
    await recordEvent(tx, {
      type: 'issuer.created',
      accountId,
      issuerId: issuer.id,
      subject: issuer.id,
      actor: SYSTEM,
      data: eventData('issuer.created', { issuer }),
    });
    const organization = await tx.organization.create({
      data: { id: newId('organization'), issuerId: issuer.id, name: 'Operators', slug: 'operators' },
    });
    await recordEvent(tx, {
      type: 'organization.created',
      accountId,
      issuerId: issuer.id,
      organizationId: organization.id,
      subject: organization.id,
      actor: SYSTEM,
      data: eventData('organization.created', { organization, domains: [] }),
    });
    const uris = consoleUris(publicUrl);
    const client = await tx.client.create({
      data: {
        id: newId('client'),
        issuerId: issuer.id,
        name: 'Authgraph console',
        type: 'external',
        confidential: false,
        tokenEndpointAuthMethod: 'none',
        applicationType: 'web',
        grantTypes: ['authorization_code', 'refresh_token'],
        ...uris,
        allowedOrigins: [new URL(publicUrl).origin],
        scopes: [...OPERATOR_SCOPES],
        accessTokenTtlSeconds: 600,
      },
    });
    await recordEvent(tx, {
      type: 'client.created',
      accountId,
      issuerId: issuer.id,
      subject: client.id,
      actor: SYSTEM,
      data: eventData('client.created', { client }),
    });
    return { accountId, issuerId: issuer.id, organizationId: organization.id, clientId: client.id };
  }

  /** Inserts a spent-once setup token for the account and returns it (shown once). */
  async function insertSetup(tx: Tx | typeof prisma, accountId: string): Promise<string> {
    const token = `${SETUP_PREFIX}${randomSecret()}`;
    await tx.operatorSetup.create({
      data: {
        id: randomUUID(),
        accountId,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(clock.now().getTime() + SETUP_TTL_HOURS * 3600_000),
      },
    });
    return token;
  }

  return {
    /**
     * The account's system issuer, made (issuer, its organization, the console client, one event
     * each, actor system) when missing; the console's redirect URIs follow `publicUrl`.
     */
    async ensureSystem(accountId: string, publicUrl: string): Promise<SystemIssuer> {
      let system = await findSystem(accountId);
      if (!system) {
        // one system issuer per account, also when two nodes (or requests) start it at once
        system =
          (await prisma.$transaction(async (tx) => {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYSTEM_LOCK})`;
            const made = await tx.issuer.findFirst({ where: { accountId, system: true }, select: { id: true } });
            return made ? null : createSystem(tx, accountId, publicUrl);
          })) ?? (await findSystem(accountId));
        if (!system) throw new Error('the system issuer could not be made');
      }
      const uris = consoleUris(publicUrl);
      const client = await prisma.client.findUniqueOrThrow({
        where: { id: system.clientId },
        select: { redirectUris: true, postLogoutRedirectUris: true, allowedOrigins: true },
      });
      const origin = new URL(publicUrl).origin;
      if (uris.redirectUris.some((u) => !client.redirectUris.includes(u)) || !client.allowedOrigins.includes(origin)) {
        await prisma.client.update({
          where: { id: system.clientId },
          data: {
            redirectUris: [...new Set([...client.redirectUris, ...uris.redirectUris])],
            postLogoutRedirectUris: [...new Set([...client.postLogoutRedirectUris, ...uris.postLogoutRedirectUris])],
            allowedOrigins: [...new Set([...client.allowedOrigins, origin])],
          },
        });
      }
      systemByIssuer.set(system.issuerId, system);
      return system;
    },

    /** The system issuer `issuerId` belongs to, or null when it is a tenant issuer. */
    async systemOf(issuerId: string): Promise<SystemIssuer | null> {
      if (systemByIssuer.has(issuerId)) return systemByIssuer.get(issuerId)!;
      const issuer = await prisma.issuer.findUnique({ where: { id: issuerId }, select: { accountId: true, system: true } });
      const system = issuer?.system ? await findSystem(issuer.accountId) : null;
      systemByIssuer.set(issuerId, system);
      return system;
    },

    /**
     * A one-time setup link for the account's first operator (the first account when
     * `accountId` is left out), or null when it has an operator already (or there is no account).
     * `{publicUrl}/console/setup#token=ags_…`; only the token's SHA-256 is stored.
     */
    async setupLink(publicUrl: string, accountId?: string): Promise<string | null> {
      const account = accountId ?? (await prisma.account.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } }))?.id;
      if (!account) return null;
      const system = await this.ensureSystem(account, publicUrl);
      const operators = await prisma.membership.count({ where: { organizationId: system.organizationId } });
      if (operators > 0) return null;
      const token = await insertSetup(prisma, account);
      return `${publicUrl.replace(/\/+$/, '')}/console/setup#token=${token}`;
    },

    /**
     * A TOTP secret for the first operator to enrol during setup (RFC 6238; an otpauth:// URI
     * labelled with `email`), while the setup token is still unspent. Nothing is stored: the
     * secret comes back with a current code in `completeSetup`'s `totp`.
     * @throws ValidationError (`token`: unknown, used or expired)
     */
    async setupTotp(input: unknown): Promise<{ secret: string; otpauthUri: string }> {
      const data = parseInput(SetupTotp, input);
      const setup = await prisma.operatorSetup.findUnique({ where: { tokenHash: sha256Hex(data.token) } });
      if (!setup || setup.usedAt || setup.expiresAt <= clock.now())
        throw new ValidationError([
          { path: 'token', message: 'This setup link is unknown, used or expired. Ask an owner for an invitation.' },
        ]);
      return services.credentials.newTotpSecret(TOTP_ISSUER_NAME, data.email);
    },

    /**
     * Spends a setup token: creates the first operator (username and email = `email`, the chosen
     * password under the password policy) as owner, with `user.created` and
     * `organization.membership.created` in the same transaction. With `totp` (a `setupTotp` secret
     * and a current code) the operator's TOTP is confirmed in that transaction too
     * (`user.mfa.enrolled`): their sign-in asks for a code from then on.
     * @throws ValidationError (`password`: the policy's issues; `token`: unknown, used or expired, or
     *   the account has an operator already — only the first link spent counts, also under a race;
     *   `totp.code`: the code does not match the secret now)
     */
    async completeSetup(input: unknown): Promise<{ userId: string; issuerId: string; clientId: string }> {
      const data = parseInput(CompleteSetup, input);
      const setup = await prisma.operatorSetup.findUnique({ where: { tokenHash: sha256Hex(data.token) } });
      if (!setup || setup.usedAt || setup.expiresAt <= clock.now())
        throw new ValidationError([
          { path: 'token', message: 'This setup link is unknown, used or expired. Ask an owner for an invitation.' },
        ]);
      const system = await findSystem(setup.accountId);
      if (!system) throw new InvalidStateError('NO_OPERATORS_ISSUER');
      const password = await services.credentials.hashNewPassword(data.password, { username: data.email, email: data.email });
      if (!password.ok) throw new ValidationError(password.issues);
      const userInput = services.users.parseCreate({
        issuerId: system.issuerId,
        usernameType: 'email',
        username: data.email,
        email: data.email,
      });
      const origin = { accountId: setup.accountId, actor: SYSTEM };
      const userId = await prisma.$transaction(async (tx) => {
        // every start prints a fresh link while there is no operator: whichever is spent first
        // makes the one owner; the others (earlier starts', or one raced against it) are dead
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYSTEM_LOCK})`;
        const spent = await tx.operatorSetup.updateMany({ where: { id: setup.id, usedAt: null }, data: { usedAt: clock.now() } });
        if (spent.count !== 1) throw new ValidationError([{ path: 'token', message: 'This setup link was used already.' }]);
        if (await tx.membership.count({ where: { organizationId: system.organizationId } }))
          throw new ValidationError([{ path: 'token', message: 'The account has an operator already. Ask an owner for an invitation.' }]);
        const user = await services.users.insertUser(tx, origin, { ...userInput, emailVerified: false });
        const totp = data.totp ? services.credentials.confirmedTotp(user.id, data.totp.secret, data.totp.code) : null;
        if (data.totp && !totp)
          throw new ValidationError([{ path: 'totp.code', message: 'This code does not match: enter the current code from your app.' }]);
        await tx.user.update({ where: { id: user.id }, data: { passwordHash: password.hash, ...(totp ?? {}) } });
        if (totp)
          await recordEvent(tx, {
            type: 'user.mfa.enrolled',
            accountId: setup.accountId,
            issuerId: system.issuerId,
            subject: user.id,
            actor: SYSTEM,
            data: eventData('user.mfa.enrolled', { userId: user.id, method: 'totp', replaced: false }),
          });
        const membership = await tx.membership.create({
          data: { id: newId('membership'), organizationId: system.organizationId, userId: user.id, scopes: [roleScope('owner')] },
        });
        await recordEvent(tx, {
          type: 'organization.membership.created',
          accountId: setup.accountId,
          issuerId: system.issuerId,
          organizationId: system.organizationId,
          subject: membership.id,
          actor: SYSTEM,
          data: eventData('organization.membership.created', { membership }),
        });
        return user.id;
      });
      return { userId, issuerId: system.issuerId, clientId: system.clientId };
    },

    /**
     * The account-level viewer an access token of the system issuer stands for: an operator of the
     * console client holding a role now (the token's live scopes); null for any other token of the
     * system issuer (refused). Tokens of tenant issuers pass through unchanged.
     */
    async operatorViewer(token: AccessTokenViewer, rateLimit: { limit: number; windowSeconds: number }): Promise<Viewer | null> {
      const system = await this.systemOf(token.issuerId);
      if (!system) return token;
      if (token.clientId !== system.clientId || !token.sessionId || token.actorId || token.organizationId !== system.organizationId)
        return null;
      const role = operatorRole(token.scopes);
      if (!role) return null;
      const viewer: AccountKeyViewer = {
        kind: 'account_api_key',
        credentialId: token.credentialId,
        accountId: token.accountId,
        restrictions: { ipAllowlist: [], expiresAt: token.expiresAt, rateLimit },
        systemIssuerId: system.issuerId,
        operator: {
          role,
          userId: token.subject,
          issuerId: token.issuerId,
          organizationId: system.organizationId,
          clientId: token.clientId,
          sessionId: token.sessionId,
          claimedScopes: token.claimedScopes,
        },
      };
      return viewer;
    },

    /** The account's operators (owner only), oldest first. @throws ForbiddenError */
    async list(viewer: Viewer): Promise<OperatorSummary[]> {
      if (!mayManageOperators(viewer)) throw new ForbiddenError('OPERATOR_OWNER_ONLY', OWNER_ONLY);
      const system = await findSystem(viewer.accountId);
      if (!system) return [];
      const rows = await prisma.membership.findMany({
        where: { organizationId: system.organizationId, userId: { not: null } },
        include: { user: true },
        orderBy: { id: 'asc' },
        take: 500,
      });
      return rows.map((m) => ({
        userId: m.user!.id,
        username: m.user!.username,
        role: operatorRole(m.scopes),
        status: m.status,
        mfa: m.user!.totpSecretEnc !== null,
        createdAt: m.createdAt,
      }));
    },

    /**
     * Invites an operator (owner only): an invitation of the operators' organization with the
     * role's scope, recorded as made by the inviting operator (their user, not their sign-in: it
     * outlives a sign-out); `acceptUrl` (the system issuer's invitation page, where the invitee signs up
     * with a password) is returned once. @throws ForbiddenError, ConflictError (already an operator)
     */
    async invite(viewer: Viewer, input: unknown, publicUrl: string): Promise<{ acceptUrl: string; expiresAt: Date; invitationId: string }> {
      if (!mayManageOperators(viewer)) throw new ForbiddenError('OPERATOR_OWNER_ONLY', OWNER_ONLY);
      const data = parseInput(InviteOperator, input);
      const system = await findSystem(viewer.accountId);
      if (!system) throw new NotFoundError('Issuer', null);
      const existing = await prisma.user.findFirst({
        where: {
          issuerId: system.issuerId,
          usernameNormalized: data.email.toLowerCase(),
          memberships: { some: { organizationId: system.organizationId } },
        },
        select: { id: true },
      });
      if (existing) throw new ConflictError('ALREADY_OPERATOR', `${data.email} is an operator already.`, 'email');
      const token = `${INVITATION_PREFIX}${randomSecret()}`;
      const expiresAt = new Date(clock.now().getTime() + INVITE_TTL_HOURS * 3600_000);
      const invitation = await prisma.$transaction(async (tx) => {
        const row = await tx.invitation.create({
          data: {
            id: newId('invitation'),
            organizationId: system.organizationId,
            email: data.email,
            scopes: [roleScope(data.role)],
            tokenHash: sha256Hex(token),
            expiresAt,
            createdById: viewer.kind === 'account_api_key' && viewer.operator ? viewer.operator.userId : viewer.credentialId,
          },
        });
        await recordEvent(tx, {
          type: 'organization.invitation.created',
          accountId: viewer.accountId,
          issuerId: system.issuerId,
          organizationId: system.organizationId,
          subject: row.id,
          actor: actorOf(viewer),
          data: eventData('organization.invitation.created', { invitation: row }),
        });
        return row;
      });
      return {
        acceptUrl: `${publicUrl.replace(/\/+$/, '')}/${system.issuerId}/invitation?token=${token}`,
        expiresAt,
        invitationId: invitation.id,
      };
    },
  };
}

export type OperatorService = ReturnType<typeof createOperatorService>;
