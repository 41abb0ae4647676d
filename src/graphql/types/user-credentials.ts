/**
 * A user's credentials on the Core API: the password and TOTP MFA with backup codes. Secrets
 * appear once, on the response that creates them; hashes and sealed secrets never.
 * Sign-in itself (checking a password or a code) is not here: the hosted sign-in page does it.
 * @module
 */
import { builder } from '../builder.js';
import { UserRef } from './user.js';
import { ValidationError, NotFoundError, InvalidStateError } from '../../domain/errors.js';
import { ACCOUNT_ONLY } from '../shared.js';
import type { User } from '../../generated/prisma/client.js';

builder.prismaObjectFields('User', (t) => ({
  hasPassword: t.boolean({ description: 'The user has a password (never readable).', resolve: (u) => u.passwordHash !== null }),
  mfaEnrolled: t.boolean({ description: 'The user has a confirmed TOTP authenticator.', resolve: (u) => u.totpSecretEnc !== null }),
  mfaEnrollmentPending: t.boolean({
    description: 'A TOTP secret awaits confirmation with verifyTotp.',
    resolve: (u) => u.totpPendingSecretEnc !== null,
  }),
  backupCodesRemaining: t.int({ description: 'Unused backup codes.', resolve: (u) => u.backupCodeHashes.length }),
  lockedUntil: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'Sign-in is refused until then after repeated failures (null: not locked). setUserPassword lifts it.',
    resolve: (u, _args, ctx) => ctx.services.credentials.activeLock(u),
  }),
}));

const SetUserPasswordInput = builder.inputType('SetUserPasswordInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    password: t.string({
      required: true,
      description: '8–128 characters (Unicode, NFKC-normalised); refused when common, easy to guess, or containing the username or email.',
    }),
  }),
});

const UserIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ userId: t.id({ required: true }) }) });

const VerifyTotpInput = builder.inputType('VerifyTotpInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    code: t.string({ required: true, description: 'The current 6-digit code from the authenticator the pending secret was added to.' }),
  }),
});

const UserPayload = (name: string) =>
  builder.objectRef<{ user: User }>(name).implement({ fields: (t) => ({ user: t.field({ type: UserRef, resolve: (p) => p.user }) }) });

const EnrollTotpPayload = builder.objectRef<{ user: User; secret: string; otpauthUri: string }>('EnrollTotpPayload').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
    secret: t.exposeString('secret', {
      description: 'Shown only in this response: the TOTP secret in base32 (SHA-1, 6 digits, 30 s), for manual entry.',
    }),
    otpauthUri: t.exposeString('otpauthUri', { description: 'Shown only in this response: the otpauth:// URI to render as a QR code.' }),
  }),
});

const RegenerateBackupCodesPayload = builder.objectRef<{ user: User; codes: string[] }>('RegenerateBackupCodesPayload').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
    codes: t.exposeStringList('codes', {
      description: 'Shown only in this response: each code signs in once instead of a TOTP code. Replaces earlier codes.',
    }),
  }),
});

builder.mutationFields((t) => ({
  setUserPassword: t.field({
    type: UserPayload('SetUserPasswordPayload'),
    description: 'Sets or replaces the password (stored as an argon2id hash) and lifts a lockout.',
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: SetUserPasswordInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ user: await ctx.services.credentials.setPassword(ctx.viewer, input) }),
  }),
  enrollTotp: t.field({
    type: EnrollTotpPayload,
    description:
      'Starts TOTP enrolment with a new secret, pending until verifyTotp confirms it. A confirmed secret stays in force until then.',
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: UserIdInput('EnrollTotpInput'), required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.credentials.enrollTotp(ctx.viewer, input),
  }),
  verifyTotp: t.field({
    type: UserPayload('VerifyTotpPayload'),
    description: 'Confirms the pending TOTP secret with a current code; the user is then enrolled.',
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: VerifyTotpInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ user: await ctx.services.credentials.verifyTotp(ctx.viewer, input) }),
  }),
  disableTotp: t.field({
    type: UserPayload('DisableTotpPayload'),
    description: 'Removes the TOTP secret (confirmed and pending) and the backup codes.',
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: UserIdInput('DisableTotpInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ user: await ctx.services.credentials.disableTotp(ctx.viewer, input) }),
  }),
  regenerateBackupCodes: t.field({
    type: RegenerateBackupCodesPayload,
    description: 'Replaces the backup codes with 10 new single-use ones (needs a confirmed TOTP enrolment).',
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: UserIdInput('RegenerateBackupCodesInput'), required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.credentials.regenerateBackupCodes(ctx.viewer, input),
  }),
}));
