/**
 * Users: the people of an issuer's user pool. A username is unique per issuer under the PRECIS
 * UsernameCaseMapped comparison (./usernames.ts: width, case, NFC), and kept as entered for
 * display (`username`; `usernameNormalized` is what is compared).
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { ConflictError, NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, idOf, jsonObject, email } from './validation.js';
import { visible } from './authorization/visibility.js';
import { actorOf, originOf, type EventOrigin, type Viewer } from './viewer.js';
import { isUniqueViolation, type ServiceDeps } from './deps.js';
import type { IssuerService } from './issuers.js';
import type { Tx } from '../data/database.js';
import { endSessionIn } from './sessions.js';
import { isValidUsername, normalizeUsername } from './usernames.js';

const personName = z.string().trim().min(1).max(100);

const CreateUser = z
  .object({
    issuerId: idOf('issuer'),
    usernameType: z.enum(['email', 'phone', 'username']).default('email'),
    username: z.string().trim().min(1).max(320),
    email: email.nullish(),
    emailVerified: z.boolean().default(false),
    firstName: personName.nullish(),
    lastName: personName.nullish(),
    metadata: jsonObject.default({}),
  })
  .transform((u, ctx) => {
    if (u.usernameType === 'email') {
      const parsed = email.safeParse(u.username);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: ['username'], message: 'must be an email address when usernameType is email' });
        return z.NEVER;
      }
      if (u.email && u.email !== parsed.data) {
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'differs from the email username' });
        return z.NEVER;
      }
      return { ...u, username: parsed.data, email: parsed.data };
    }
    if (u.usernameType === 'phone' && !/^\+[1-9][0-9]{6,14}$/.test(u.username)) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'must be an E.164 phone number when usernameType is phone' });
      return z.NEVER;
    }
    if (u.usernameType === 'username' && !isValidUsername(normalizeUsername('username', u.username))) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: '2–64 letters, digits, dots, dashes or underscores' });
      return z.NEVER;
    }
    return u;
  })
  // the display form stays as entered; uniqueness and sign-in compare the normalized form
  .transform((u) => ({ ...u, usernameNormalized: normalizeUsername(u.usernameType, u.username) }));

const UpdateUser = z.object({
  id: idOf('user'),
  email: email.nullish(),
  emailVerified: z.boolean().optional(),
  firstName: personName.nullish(),
  lastName: personName.nullish(),
  metadata: jsonObject.optional(),
  status: z.enum(['active', 'suspended']).optional(),
});

const ById = z.object({ id: idOf('user') });

export function createUserService(deps: ServiceDeps, issuers: IssuerService) {
  const { prisma, recordEvent } = deps;

  /** Signs the user out everywhere (in the caller's transaction): every active session ends, one session.revoked each. */
  async function endUserSessions(tx: Tx, viewer: Viewer, userId: string, reason: string): Promise<void> {
    const sessions = await tx.session.findMany({ where: { userId, status: 'active' } });
    for (const session of sessions) await endSessionIn(deps, tx, session, 'revoked', reason, viewer.accountId, actorOf(viewer));
  }

  async function requireUser(viewer: Viewer, id: string) {
    const user = await prisma.user.findFirst({ where: { id, AND: [visible.user(viewer)] } });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** Inserts a user and its event inside an open transaction (also used by invitation acceptance, which picks the id first: the new user is its own actor). */
  async function insertUser(tx: Tx, by: Viewer | EventOrigin, data: z.output<typeof CreateUser>, id: string = newId('user')) {
    const user = await tx.user.create({ data: { ...data, id, metadata: data.metadata as object } });
    await recordEvent(tx, {
      type: 'user.created',
      accountId: originOf(by).accountId,
      issuerId: user.issuerId,
      subject: user.id,
      actor: originOf(by).actor,
      data: eventData('user.created', { user }),
    });
    return user;
  }

  const taken = (username: string) =>
    new ConflictError('USERNAME_TAKEN', `The username "${username}" is already taken in this issuer.`, 'username');

  return {
    requireUser,
    insertUser,
    parseCreate: (input: unknown) => parseInput(CreateUser, input),

    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateUser, input);
      await issuers.requireIssuer(viewer, data.issuerId);
      // "Grace.Hopper" and "grace.hopper" are one username (RFC 8265 §3.3, ./usernames.ts)
      const existing = await prisma.user.findFirst({
        where: { issuerId: data.issuerId, usernameNormalized: data.usernameNormalized },
        select: { id: true },
      });
      if (existing) throw taken(data.username);
      try {
        return await prisma.$transaction((tx) => insertUser(tx, viewer, data));
      } catch (error) {
        if (isUniqueViolation(error)) throw taken(data.username);
        throw error;
      }
    },

    async update(viewer: Viewer, input: unknown) {
      const { id, ...changes } = parseInput(UpdateUser, input);
      await requireUser(viewer, id);
      const data = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return prisma.$transaction(async (tx) => {
        const user = await tx.user.update({ where: { id }, data });
        await recordEvent(tx, {
          type: 'user.updated',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.updated', { user, changed: Object.keys(data) }),
        });
        // A suspended user is signed out everywhere, in the same transaction.
        if (data.status === 'suspended') await endUserSessions(tx, viewer, user.id, 'user_suspended');
        return user;
      });
    },

    /** Deletes the user with its memberships, sessions and personal tokens. */
    async delete(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const user = await requireUser(viewer, id);
      return prisma.$transaction(async (tx) => {
        await tx.user.delete({ where: { id } });
        await recordEvent(tx, {
          type: 'user.deleted',
          accountId: viewer.accountId,
          issuerId: user.issuerId,
          subject: user.id,
          actor: actorOf(viewer),
          data: eventData('user.deleted', { user }),
        });
        return user;
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
