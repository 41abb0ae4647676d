/**
 * User credentials: the password (argon2id, see ./passwords.ts), lockout with exponential backoff,
 * TOTP (RFC 6238) with single-use backup codes, and the MFA policy that applies to a sign-in.
 *
 * Two kinds of caller:
 * - the Core API (an account key) sets passwords and manages MFA enrolment: `setPassword`,
 *   `enrollTotp`, `verifyTotp`, `disableTotp`, `regenerateBackupCodes`;
 * - the sign-in page (built later on this service) checks what a person types: `verifyPassword`,
 *   `checkTotp`, `useBackupCode`, and asks `mfaRequired`. These take no viewer: the person is not
 *   authenticated yet. They answer with a discriminated result, never an exception, for the
 *   expected outcomes (wrong, locked).
 *
 * Guessing: every attempt is claimed before it is checked, by a compare-and-swap on the user's
 * failure counter, and the attempt that reaches LOCKOUT.threshold sets `lockedUntil` before its
 * check runs, so concurrent guesses meet the lock instead of all being verified. A success lifts
 * it. Passwords and second factors count separately (`failedLoginCount`, `mfaFailedCount`) but
 * share the lock: knowing the password does not reset the budget for guessing TOTP codes.
 *
 * Unknown users cost the same as known ones: a decoy argon2 verify, and an in-memory failure count
 * per (issuer, username) so that an unknown name locks after as many tries as a known one (the
 * lockout would otherwise tell which usernames exist).
 *
 * Bookkeeping that is not a change of credentials writes no event: counters, the TOTP step last
 * used, and the transparent rehash of a password to the current argon2 parameters.
 * @module
 */
import { signInCandidates, usernameCaseMapped } from './usernames.js';
import * as z from 'zod';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Secret, TOTP } from 'otpauth';
import { InvalidStateError, NotFoundError, ValidationError, type FieldIssue } from './errors.js';
import { parseInput, idOf } from './validation.js';
import { effectiveMfaPolicy, type MfaPolicy } from './mfa-policy.js';
import { actorOf, type Actor, type Viewer } from './viewer.js';
import { mayChangeUser } from './authorization/operators.js';
import type { ServiceDeps } from './deps.js';
import type { UserService } from './users.js';
import { createPasswordHasher, createPasswordPolicy, type PasswordContext, type PasswordHasher, type PasswordPolicy } from './passwords.js';
import type { User } from '../generated/prisma/client.js';
import { eventData } from './event-payloads.js';

/** Lock after `threshold` consecutive failures for `baseMs`, doubling per further failure, at most `maxMs`. */
export const LOCKOUT = Object.freeze({ threshold: 5, baseMs: 60_000, maxMs: 3_600_000 });

/** How long the `failures`-th consecutive failure locks the account (0 below the threshold). */
export function lockDurationMs(failures: number): number {
  if (failures < LOCKOUT.threshold) return 0;
  return Math.min(LOCKOUT.baseMs * 2 ** Math.min(failures - LOCKOUT.threshold, 30), LOCKOUT.maxMs);
}

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s, ±1 step accepted. */
export const TOTP_SETTINGS = Object.freeze({ algorithm: 'SHA1', digits: 6, period: 30, window: 1, secretBytes: 20 });

export const BACKUP_CODE_COUNT = 10;

/** The user without anything secret: what the sign-in flow gets back. */
export type CredentialSafeUser = Omit<User, 'passwordHash' | 'totpSecretEnc' | 'totpPendingSecretEnc' | 'backupCodeHashes'>;

export type Locked = { ok: false; reason: 'locked'; lockedUntil: Date };
export type PasswordCheck = { ok: true; user: CredentialSafeUser } | { ok: false; reason: 'invalid' } | Locked;
export type SecondFactorCheck = { ok: true } | { ok: false; reason: 'invalid' } | Locked;
export type BackupCodeCheck = { ok: true; remaining: number } | { ok: false; reason: 'invalid' } | Locked;

export interface MfaRequirement {
  /** the policy in force for this sign-in (issuer and organization combined) */
  policy: MfaPolicy;
  /** the user has a confirmed TOTP secret */
  enrolled: boolean;
  /** the sign-in must pass a second factor; with `enrolled` false the user must enrol first */
  required: boolean;
}

const SetPassword = z.object({ userId: idOf('user'), password: z.string().max(4096) });
const ByUser = z.object({ userId: idOf('user') });
const VerifyTotp = z.object({ userId: idOf('user'), code: z.string().max(20) });

const SYSTEM: Actor = { type: 'system', id: null };
/** Unknown usernames remembered for lockout; the oldest are forgotten past this. */
const MAX_UNKNOWN_TRACKED = 10_000;

type Counter = 'failedLoginCount' | 'mfaFailedCount';
type Claim = { claimed: true; failures: number; lockedUntil: Date | null; locks: boolean } | { claimed: false; lockedUntil: Date };
type UserWithAccount = User & { issuer: { accountId: string } };

export interface CredentialServiceOptions {
  hasher?: PasswordHasher;
  policy?: PasswordPolicy;
}

export function createCredentialService(deps: ServiceDeps, users: UserService, options: CredentialServiceOptions = {}) {
  const { prisma, clock, sealer, recordEvent } = deps;
  const hasher = options.hasher ?? createPasswordHasher();
  const policy = options.policy ?? createPasswordPolicy();
  /** failures per unknown username, least recently failed forgotten first past MAX_UNKNOWN_TRACKED */
  const unknown = new LRUCache<string, { failures: number; lockedUntil: Date | null }>({ max: MAX_UNKNOWN_TRACKED });

  const totpContext = (userId: string) => `${userId}:totp`;
  const withAccount = { issuer: { select: { accountId: true } } } as const;

  /** The user for a Core API change: account keys only (the graph says so too), same NOT_FOUND otherwise. */
  async function requireManagedUser(viewer: Viewer, userId: string) {
    if (viewer.kind !== 'account_api_key') throw new NotFoundError('User', userId);
    // a read-only operator reaches only their own user, for their own second factor (operators.ts)
    if (!mayChangeUser(viewer, userId)) throw new NotFoundError('User', userId);
    if (viewer.operator?.userId === userId) {
      // an operator manages their own second factor (issue 15): their user is in the system issuer,
      // which no credential reads through the tenant graph — only they reach it, and only here
      const own = await prisma.user.findFirst({ where: { id: userId, issuerId: viewer.operator.issuerId } });
      if (own) return own;
    }
    return users.requireUser(viewer, userId);
  }

  async function findUser(userId: string): Promise<UserWithAccount | null> {
    if (typeof userId !== 'string' || !idOf('user').safeParse(userId).success) return null;
    return prisma.user.findUnique({ where: { id: userId }, include: withAccount });
  }

  /** Claims one attempt on `counter` (see the module comment), or reports the lock in force. */
  async function claimAttempt(user: User, counter: Counter): Promise<Claim> {
    let current: User | null = user;
    for (let round = 0; round < 5 && current; round++) {
      const now = clock.now();
      if (current.lockedUntil && current.lockedUntil > now) return { claimed: false, lockedUntil: current.lockedUntil };
      const before = current[counter];
      const failures = before + 1;
      const locks = failures >= LOCKOUT.threshold;
      const lockedUntil = locks ? new Date(now.getTime() + lockDurationMs(failures)) : current.lockedUntil;
      const expected = counter === 'failedLoginCount' ? { failedLoginCount: before } : { mfaFailedCount: before };
      const next = counter === 'failedLoginCount' ? { failedLoginCount: failures } : { mfaFailedCount: failures };
      const { count } = await prisma.user.updateMany({
        where: { id: current.id, lockedUntil: current.lockedUntil, ...expected },
        data: { ...next, lockedUntil },
      });
      if (count === 1) return { claimed: true, failures, lockedUntil, locks };
      current = await prisma.user.findUnique({ where: { id: user.id } });
    }
    // Lost the race five times in a row: that many parallel attempts on one account is guessing.
    const now = clock.now();
    return {
      claimed: false,
      lockedUntil: current?.lockedUntil && current.lockedUntil > now ? current.lockedUntil : new Date(now.getTime() + LOCKOUT.baseMs),
    };
  }

  /** After a failed check: a lock the claim set stays, and is announced with its event. */
  async function failed(
    user: UserWithAccount,
    claim: Extract<Claim, { claimed: true }>,
    factor: 'password' | 'second_factor',
  ): Promise<{ ok: false; reason: 'invalid' } | Locked> {
    if (!claim.locks || !claim.lockedUntil) return { ok: false, reason: 'invalid' };
    const lockedUntil = claim.lockedUntil;
    await prisma.$transaction(async (tx) => {
      // re-asserts the lock in the event's transaction; a concurrent success may have lifted it
      const { count } = await tx.user.updateMany({ where: { id: user.id, lockedUntil }, data: { lockedUntil } });
      if (count === 0) return;
      await recordEvent(tx, {
        type: 'user.locked',
        accountId: user.issuer.accountId,
        issuerId: user.issuerId,
        subject: user.id,
        actor: SYSTEM,
        data: eventData('user.locked', { userId: user.id, factor, failures: claim.failures, lockedUntil }),
      });
    });
    return { ok: false, reason: 'locked', lockedUntil };
  }

  /** Unknown user or no password: the decoy verify, and a lockout that looks like a real one. */
  async function unknownUser(issuerId: string, username: string, password: string): Promise<PasswordCheck> {
    // the same comparison as known names (./usernames.ts): GRACE and ｇｒａｃｅ share one counter
    const key = `${issuerId}\u0000${usernameCaseMapped(username)}`;
    const now = clock.now();
    const entry = unknown.get(key);
    if (entry?.lockedUntil && entry.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: entry.lockedUntil };
    await hasher.verify(null, password);
    const failures = (entry?.failures ?? 0) + 1;
    const lockedUntil = failures >= LOCKOUT.threshold ? new Date(now.getTime() + lockDurationMs(failures)) : (entry?.lockedUntil ?? null);
    unknown.set(key, { failures, lockedUntil });
    return failures >= LOCKOUT.threshold ? { ok: false, reason: 'locked', lockedUntil: lockedUntil! } : { ok: false, reason: 'invalid' };
  }

  /** The time step a code matches (±1 step around now), or null. */
  function matchTotp(secretBase32: string, code: string): number | null {
    const token = code.replace(/\s+/g, '');
    if (!/^[0-9]{6}$/.test(token)) return null;
    const totp = new TOTP({
      secret: Secret.fromBase32(secretBase32),
      algorithm: TOTP_SETTINGS.algorithm,
      digits: TOTP_SETTINGS.digits,
      period: TOTP_SETTINGS.period,
    });
    const timestamp = clock.now().getTime();
    const delta = totp.validate({ token, timestamp, window: TOTP_SETTINGS.window });
    return delta === null ? null : totp.counter({ timestamp }) + delta;
  }

  function safeUser(user: User): CredentialSafeUser {
    const { passwordHash: _p, totpSecretEnc: _t, totpPendingSecretEnc: _n, backupCodeHashes: _b, ...rest } = user;
    return rest;
  }

  async function canUseMfa(user: User): Promise<boolean> {
    const issuer = await prisma.issuer.findUniqueOrThrow({ where: { id: user.issuerId }, select: { mfaPolicy: true } });
    if (effectiveMfaPolicy(issuer.mfaPolicy) !== 'off') return true;
    const enabling = await prisma.membership.count({
      where: { userId: user.id, organization: { mfaPolicy: { in: ['optional', 'required'] } } },
    });
    return enabling > 0;
  }

  return {
    /** The lock in force on a user now, or null. */
    activeLock(user: Pick<User, 'lockedUntil'>): Date | null {
      return user.lockedUntil && user.lockedUntil > clock.now() ? user.lockedUntil : null;
    },

    /**
     * Sets (or replaces) a user's password. Refuses weak passwords with a ValidationError on
     * `password` and stores nothing then. Lifts a lockout: earlier guesses were at another password.
     * Emits `user.password.changed` (without the hash).
     */
    async setPassword(viewer: Viewer, input: unknown) {
      const { userId, password } = parseInput(SetPassword, input);
      const user = await requireManagedUser(viewer, userId);
      const issues = policy.issues(password, user);
      if (issues.length) throw new ValidationError(issues);
      const passwordHash = await hasher.hash(password);
      return prisma.$transaction(async (tx) => {
        const updated = await tx.user.update({ where: { id: user.id }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null } });
        await recordEvent(tx, {
          type: 'user.password.changed',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.password.changed', { userId: user.id, replaced: user.passwordHash !== null }),
        });
        return updated;
      });
    },

    /**
     * A password chosen by a person signing up (the invitation page), for a user not stored yet:
     * the policy's issues (paths `password`, nothing hashed), or the argon2id hash to store.
     */
    async hashNewPassword(
      password: string,
      context: PasswordContext,
    ): Promise<{ ok: true; hash: string } | { ok: false; issues: FieldIssue[] }> {
      const issues = policy.issues(String(password), context);
      return issues.length ? { ok: false, issues } : { ok: true, hash: await hasher.hash(String(password)) };
    },

    /**
     * Checks a username and password for the sign-in page. `invalid` is the same answer, in about
     * the same time, for a wrong password, an unknown or suspended user and a user without a
     * password. On success the failure count is reset and a hash below the current parameters is
     * replaced.
     *
     * `lockout: false` leaves guessing to the caller: the per-user lock is neither consulted nor
     * set. The hosted sign-in does that: it throttles with device cookies (passwords.ts
     * createSignInThrottle), so a stranger's failures cannot lock the owner out.
     */
    async verifyPassword(
      issuerId: string,
      username: string,
      password: string,
      { lockout = true }: { lockout?: boolean } = {},
    ): Promise<PasswordCheck> {
      const name = String(username).trim();
      const presented = String(password);
      // compared under PRECIS UsernameCaseMapped (./usernames.ts): GRACE.HOPPER signs in as Grace.Hopper
      const found =
        idOf('issuer').safeParse(issuerId).success && name.length > 0 && name.length <= 320
          ? await prisma.user.findMany({ where: { issuerId, usernameNormalized: { in: signInCandidates(name) } }, include: withAccount })
          : [];
      const user = found.find((u) => u.username === name) ?? found[0];
      if (!lockout && (!user || user.passwordHash === null || user.status !== 'active')) {
        await hasher.verify(null, presented);
        return { ok: false, reason: 'invalid' };
      }
      if (!user || user.passwordHash === null || user.status !== 'active') return unknownUser(issuerId, name, presented);

      const claim = lockout ? await claimAttempt(user, 'failedLoginCount') : null;
      if (claim && !claim.claimed) return { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil };
      const { ok, needsRehash } = await hasher.verify(user.passwordHash, presented);
      if (!ok) return claim ? failed(user, claim, 'password') : { ok: false, reason: 'invalid' };

      const rehashed = needsRehash ? await hasher.hash(presented) : null;
      if (!lockout) {
        // The per-user lock belongs to the second factor here: a right password must not lift it.
        if (rehashed)
          await prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: rehashed } });
        return { ok: true, user: safeUser(user) };
      }
      const updated = await prisma.$transaction(async (tx) => {
        if (rehashed)
          await tx.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: rehashed } });
        return tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
      });
      return { ok: true, user: safeUser(updated) };
    },

    /**
     * Starts TOTP enrolment: a new secret, returned once (base32 and an otpauth:// URI for a QR
     * code) and stored sealed as pending. It does nothing for sign-in until `verifyTotp` confirms
     * it; a confirmed secret stays in force until then, so enrolling again rotates without a gap.
     */
    async enrollTotp(viewer: Viewer, input: unknown) {
      const { userId } = parseInput(ByUser, input);
      const user = await requireManagedUser(viewer, userId);
      if (!(await canUseMfa(user)))
        throw new InvalidStateError('MFA_NOT_ENABLED', 'MFA is off for this issuer and none of the user’s organizations enables it.');
      const issuer = await prisma.issuer.findUniqueOrThrow({ where: { id: user.issuerId }, select: { name: true } });
      const secret = new Secret({ size: TOTP_SETTINGS.secretBytes });
      const totp = new TOTP({
        issuer: issuer.name,
        label: user.username,
        secret,
        algorithm: TOTP_SETTINGS.algorithm,
        digits: TOTP_SETTINGS.digits,
        period: TOTP_SETTINGS.period,
      });
      const updated = await prisma.$transaction(async (tx) => {
        const row = await tx.user.update({
          where: { id: user.id },
          data: { totpPendingSecretEnc: sealer.seal(secret.base32, totpContext(user.id)) },
        });
        await recordEvent(tx, {
          type: 'user.mfa.enrollment-started',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.mfa.enrollment-started', { userId: user.id, method: 'totp' }),
        });
        return row;
      });
      return { user: updated, secret: secret.base32, otpauthUri: totp.toString() };
    },

    /**
     * Confirms the pending TOTP secret with a current code from the authenticator: it becomes the
     * user's secret, and that code's step counts as used. Emits `user.mfa.enrolled`.
     */
    async verifyTotp(viewer: Viewer, input: unknown) {
      const { userId, code } = parseInput(VerifyTotp, input);
      const user = await requireManagedUser(viewer, userId);
      const pending = user.totpPendingSecretEnc;
      if (!pending) throw new InvalidStateError('TOTP_ENROLMENT_NOT_PENDING', 'No TOTP enrolment is pending: call enrollTotp first.');
      const step = matchTotp(sealer.open(pending, totpContext(user.id)), code);
      if (step === null) throw new ValidationError([{ path: 'code', message: 'does not match the pending secret at the current time' }]);
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.user.updateMany({
          where: { id: user.id, totpPendingSecretEnc: pending },
          data: { totpSecretEnc: pending, totpPendingSecretEnc: null, totpLastStep: BigInt(step), mfaFailedCount: 0 },
        });
        if (count === 0)
          throw new InvalidStateError('TOTP_ENROLMENT_CHANGED', 'The pending TOTP enrolment changed meanwhile: enrol again.');
        await recordEvent(tx, {
          type: 'user.mfa.enrolled',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.mfa.enrolled', { userId: user.id, method: 'totp', replaced: user.totpSecretEnc !== null }),
        });
        return tx.user.findUniqueOrThrow({ where: { id: user.id } });
      });
    },

    /** Removes TOTP (confirmed and pending) and the backup codes. Emits `user.mfa.disabled`. */
    async disableTotp(viewer: Viewer, input: unknown) {
      const { userId } = parseInput(ByUser, input);
      const user = await requireManagedUser(viewer, userId);
      if (!user.totpSecretEnc && !user.totpPendingSecretEnc && user.backupCodeHashes.length === 0) {
        throw new InvalidStateError('TOTP_NOT_ENROLLED', 'The user has no TOTP enrolment.');
      }
      return prisma.$transaction(async (tx) => {
        const updated = await tx.user.update({
          where: { id: user.id },
          data: { totpSecretEnc: null, totpPendingSecretEnc: null, totpLastStep: null, backupCodeHashes: [], mfaFailedCount: 0 },
        });
        await recordEvent(tx, {
          type: 'user.mfa.disabled',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.mfa.disabled', { userId: user.id, method: 'totp', hadBackupCodes: user.backupCodeHashes.length > 0 }),
        });
        return updated;
      });
    },

    /**
     * Replaces the user's backup codes with BACKUP_CODE_COUNT new ones, returned once and stored
     * as SHA-256 digests (80 random bits each: a slow hash would add nothing). Needs confirmed TOTP.
     */
    async regenerateBackupCodes(viewer: Viewer, input: unknown) {
      const { userId } = parseInput(ByUser, input);
      const user = await requireManagedUser(viewer, userId);
      if (!user.totpSecretEnc) throw new InvalidStateError('TOTP_NOT_ENROLLED', 'Backup codes need a confirmed TOTP enrolment first.');
      const codes = Array.from({ length: BACKUP_CODE_COUNT }, () => newBackupCode());
      return prisma.$transaction(async (tx) => {
        const updated = await tx.user.update({
          where: { id: user.id },
          data: { backupCodeHashes: codes.map((c) => backupCodeHash(user.id, c)) },
        });
        await recordEvent(tx, {
          type: 'user.backup-codes.regenerated',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.backup-codes.regenerated', {
            userId: user.id,
            count: codes.length,
            replaced: user.backupCodeHashes.length,
          }),
        });
        return { user: updated, codes };
      });
    },

    /**
     * A fresh TOTP secret (RFC 6238 with `TOTP_SETTINGS`) for someone who has no user yet (the
     * console's first operator, issue 15): base32 and an otpauth:// URI labelled `label` under
     * `issuerName`. Nothing is stored; `confirmedTotp` turns it into a user's secret.
     */
    newTotpSecret(issuerName: string, label: string): { secret: string; otpauthUri: string } {
      const secret = new Secret({ size: TOTP_SETTINGS.secretBytes });
      const totp = new TOTP({
        issuer: issuerName,
        label,
        secret,
        algorithm: TOTP_SETTINGS.algorithm,
        digits: TOTP_SETTINGS.digits,
        period: TOTP_SETTINGS.period,
      });
      return { secret: secret.base32, otpauthUri: totp.toString() };
    },

    /**
     * The user columns that make `secretBase32` the confirmed TOTP secret of `userId` (sealed as
     * `verifyTotp` stores it, the code's step marked used), or null when `code` does not match it
     * now or the secret is not base32 of the right size.
     */
    confirmedTotp(userId: string, secretBase32: string, code: string): { totpSecretEnc: string; totpLastStep: bigint } | null {
      if (!/^[A-Z2-7]{32}$/.test(secretBase32)) return null;
      const step = matchTotp(secretBase32, code);
      if (step === null) return null;
      return { totpSecretEnc: sealer.seal(secretBase32, totpContext(userId)), totpLastStep: BigInt(step) };
    },

    /**
     * Checks a TOTP code at sign-in. Each time step is accepted once: a code whose step is not
     * after the last one used is refused (replay, also between two concurrent requests).
     */
    async checkTotp(userId: string, code: string): Promise<SecondFactorCheck> {
      const user = await findUser(userId);
      if (!user?.totpSecretEnc) return { ok: false, reason: 'invalid' };
      const claim = await claimAttempt(user, 'mfaFailedCount');
      if (!claim.claimed) return { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil };
      const step = matchTotp(sealer.open(user.totpSecretEnc, totpContext(user.id)), String(code));
      if (step !== null && (user.totpLastStep === null || BigInt(step) > user.totpLastStep)) {
        const { count } = await prisma.user.updateMany({
          where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: BigInt(step) } }] },
          data: { totpLastStep: BigInt(step), mfaFailedCount: 0, lockedUntil: null },
        });
        if (count === 1) return { ok: true };
      }
      return failed(user, claim, 'second_factor');
    },

    /** Uses one backup code at sign-in: it is consumed, whatever happens next. Emits `user.backup-code.used`. */
    async useBackupCode(userId: string, code: string): Promise<BackupCodeCheck> {
      let user = await findUser(userId);
      if (!user || user.backupCodeHashes.length === 0) return { ok: false, reason: 'invalid' };
      const claim = await claimAttempt(user, 'mfaFailedCount');
      if (!claim.claimed) return { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil };
      const presented = backupCodeHash(user.id, String(code));
      for (let round = 0; round < 5 && user; round++) {
        const stored = user.backupCodeHashes;
        if (!stored.some((h) => digestsEqual(h, presented))) break;
        const remaining = stored.filter((h) => !digestsEqual(h, presented));
        const current: UserWithAccount = user;
        const used = await prisma.$transaction(async (tx) => {
          // compare-and-swap on the whole list: two codes used at once must both disappear
          const { count } = await tx.user.updateMany({
            where: { id: current.id, backupCodeHashes: { equals: stored } },
            data: { backupCodeHashes: remaining, mfaFailedCount: 0, lockedUntil: null },
          });
          if (count === 0) return false;
          await recordEvent(tx, {
            type: 'user.backup-code.used',
            accountId: current.issuer.accountId,
            issuerId: current.issuerId,
            subject: current.id,
            actor: SYSTEM,
            data: eventData('user.backup-code.used', { userId: current.id, remaining: remaining.length }),
          });
          return true;
        });
        if (used) return { ok: true, remaining: remaining.length };
        user = await findUser(userId);
      }
      return user ? failed(user, claim, 'second_factor') : { ok: false, reason: 'invalid' };
    },

    /**
     * The MFA requirement for a sign-in of `userId`, in `organizationId` when given (an
     * organization of the user's issuer; NOT_FOUND otherwise). See `effectiveMfaPolicy`.
     */
    async mfaRequired(userId: string, organizationId?: string | null): Promise<MfaRequirement> {
      const user = await findUser(userId);
      if (!user) throw new NotFoundError('User', typeof userId === 'string' ? userId : null);
      const issuer = await prisma.issuer.findUniqueOrThrow({ where: { id: user.issuerId }, select: { mfaPolicy: true } });
      let organizationPolicy: string | null = null;
      if (organizationId) {
        const org = idOf('organization').safeParse(organizationId).success
          ? await prisma.organization.findFirst({ where: { id: organizationId, issuerId: user.issuerId }, select: { mfaPolicy: true } })
          : null;
        if (!org) throw new NotFoundError('Organization', organizationId);
        organizationPolicy = org.mfaPolicy;
      }
      const policy = effectiveMfaPolicy(issuer.mfaPolicy, organizationPolicy);
      const enrolled = user.totpSecretEnc !== null;
      return { policy, enrolled, required: policy === 'required' || (policy === 'optional' && enrolled) };
    },
  };
}

export type CredentialService = ReturnType<typeof createCredentialService>;

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** 80 random bits as 16 Crockford base32 characters, grouped `xxxx-xxxx-xxxx-xxxx`. */
function newBackupCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 15; i >= 0; i--) out += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return out.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter, and the letters people confuse with digits read as them. */
function normalizeBackupCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
}

/** Bound to the user, so equal digests never reveal that two users share a code. */
function backupCodeHash(userId: string, code: string): string {
  return createHash('sha256')
    .update(`${userId}:${normalizeBackupCode(code)}`)
    .digest('hex');
}

function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
