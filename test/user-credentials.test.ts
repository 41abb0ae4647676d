/**
 * User credentials: passwords (argon2id, strength rules, lockout with backoff, rehash), TOTP MFA
 * with replay protection, single-use backup codes and the MFA policy. The Core API part runs over
 * GraphQL; what the sign-in page will call (verifyPassword, checkTotp, useBackupCode, mfaRequired)
 * runs on the domain service of the same server, or on one with a clock the test moves.
 */
import { describe, expect, it, test } from './fixtures.js';
import argon2 from 'argon2';
import { Secret, TOTP, URI } from 'otpauth';
import type { TestServer } from './helpers/server.js';
import { createApiKey, createIssuer, createOrganization, createUser, createMembership } from './helpers/fixtures.js';
import { createCredentialService, lockDurationMs, LOCKOUT } from '../src/domain/credentials.js';
import { effectiveMfaPolicy } from '../src/domain/mfa-policy.js';
import { parseArgon2Hash, PASSWORD_HASH_PARAMS } from '../src/domain/passwords.js';
import { createEventRecorder } from '../src/domain/events.js';
import { createSealer } from '../src/lib/sealed.js';
import { resolveMasterKey } from '../src/config/master-key.js';
import type { Clock } from '../src/lib/clock.js';

interface UserView {
  id: string;
  hasPassword: boolean;
  mfaEnrolled: boolean;
  mfaEnrollmentPending: boolean;
  backupCodesRemaining: number;
  lockedUntil: string | null;
}

interface Result {
  __typename: string;
  code?: string;
  message?: string;
  fields?: { path: string; message: string }[];
  user?: UserView;
  secret?: string;
  otpauthUri?: string;
  codes?: string[];
}

const USER = 'user { id hasPassword mfaEnrolled mfaEnrollmentPending backupCodesRemaining lockedUntil }';

const document = (field: string, input: string, payload: string, extra = '') => `
  mutation Credentials($input: ${input}!) {
    ${field}(input: $input) {
      __typename
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on ${payload} { ${USER} ${extra} }
    }
  }
`;

const STRONG = 'violet-anchor-quartz-88';
const STRONG_2 = 'Zebra!Crane7Moss';

/** A clock the test moves by hand. */
function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  } satisfies Clock & { advance(ms: number): void };
}

const totpFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

/** A well-formed code that matches none of the steps accepted at `timestamp` (±1). */
function wrongCode(totp: TOTP, timestamp: number): string {
  const accepted = new Set([-1, 0, 1].map((d) => totp.generate({ timestamp: timestamp + d * 30_000 })));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}

describe('user credentials', () => {
  let server: TestServer;
  let issuerId: string;

  const call = async (field: string, input: string, payload: string, variables: Record<string, unknown>, extra = '') => {
    const data = await server.gql.request<Record<string, Result>, unknown>(document(field, input, payload, extra), { input: variables });
    return data[field]!;
  };
  const setPassword = (userId: string, password: string) =>
    call('setUserPassword', 'SetUserPasswordInput', 'SetUserPasswordPayload', { userId, password });
  const enrollTotp = (userId: string) => call('enrollTotp', 'EnrollTotpInput', 'EnrollTotpPayload', { userId }, 'secret otpauthUri');
  const verifyTotp = (userId: string, code: string) => call('verifyTotp', 'VerifyTotpInput', 'VerifyTotpPayload', { userId, code });
  const disableTotp = (userId: string) => call('disableTotp', 'DisableTotpInput', 'DisableTotpPayload', { userId });
  const regenerateBackupCodes = (userId: string) =>
    call('regenerateBackupCodes', 'RegenerateBackupCodesInput', 'RegenerateBackupCodesPayload', { userId }, 'codes');
  const row = (id: string) => server.app.db.prisma.user.findUniqueOrThrow({ where: { id } });
  const eventsOf = (id: string) => server.app.db.prisma.event.findMany({ where: { subject: id }, orderBy: { id: 'asc' } });
  const credentials = () => server.app.services.credentials;

  /** The credential service on the same database and master key, with a clock the test moves. */
  const serviceAt = (clock: Clock) =>
    createCredentialService(
      {
        prisma: server.app.db.prisma,
        clock,
        config: server.app.config,
        sealer: createSealer(resolveMasterKey(server.app.config)),
        recordEvent: createEventRecorder({ clock, faults: server.faults }),
      },
      server.app.services.users,
    );

  /** A user with a password, and its username. */
  const userWithPassword = async (password = STRONG) => {
    const username = `u${Math.random().toString(36).slice(2, 10)}@example.com`;
    const user = await createUser(server.gql, issuerId, username);
    expect((await setPassword(user.id, password)).__typename).toBe('SetUserPasswordPayload');
    return { id: user.id, username };
  };

  /** A user with a confirmed TOTP secret; returns the secret and the code that confirmed it. */
  const enrolledUser = async () => {
    const { id } = await userWithPassword();
    const secret = (await enrollTotp(id)).secret!;
    const confirmedWith = totpFor(secret).generate();
    expect((await verifyTotp(id, confirmedWith)).__typename).toBe('VerifyTotpPayload');
    return { id, secret, confirmedWith };
  };

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql)).id;
  });

  describe('passwords', () => {
    it('refuses short, long, common, guessable and username-containing passwords with a ValidationError, storing nothing', async () => {
      const user = await createUser(server.gql, issuerId, 'ada.lovelace@example.com');
      const refused: [string, RegExp][] = [
        ['Sh0rt!x', /at least 8/],
        ['x'.repeat(60) + 'Q7!'.repeat(23), /at most 128/],
        ['password1', /commonly used/],
        ['qwertyuiop', /commonly used/],
        ['iloveyou', /commonly used/],
        ['Summer2024!', /too easy to guess/],
        ['abcdabcdabcd', /too easy to guess/],
        ['ada.lovelace#Q7v!x', /username or the email/],
        ['Xq7!ADA.LOVELACE-zz', /username or the email/],
      ];
      for (const [password, message] of refused) {
        const res = await setPassword(user.id, password);
        expect(res.__typename, password).toBe('ValidationError');
        expect(res.code).toBe('VALIDATION_FAILED');
        expect(res.fields?.[0]?.path).toBe('password');
        expect(res.fields?.map((f) => f.message).join(' '), password).toMatch(message);
      }
      expect((await row(user.id)).passwordHash).toBeNull();
      expect((await eventsOf(user.id)).map((e) => e.type)).toEqual(['user.created']);
      expect(
        (
          await call('setUserPassword', 'SetUserPasswordInput', 'SetUserPasswordPayload', {
            userId: 'usr_01jd0000000000000000000000',
            password: STRONG,
          })
        ).__typename,
      ).toBe('NotFoundError');
    });

    it('counts Unicode code points after NFKC: 8 emoji are long enough, and full-width letters are the same password', async () => {
      const user = await createUser(server.gql, issuerId);
      // 8 code points, 16 UTF-16 units: strong by zxcvbn's estimate (random symbols)
      expect((await setPassword(user.id, '🦊🌵🎻🧊🚲🪐🍋🧿')).__typename).toBe('SetUserPasswordPayload');
      const other = await userWithPassword('Ｚｅｂｒａ!Ｃｒａｎｅ７Ｍｏｓｓ');
      const check = await credentials().verifyPassword(issuerId, other.username, 'Zebra!Crane7Moss');
      expect(check.ok).toBe(true);
      // up to 128 code points are accepted (no upper limit below 64)
      const long = await createUser(server.gql, issuerId);
      expect((await setPassword(long.id, `${STRONG}-`.repeat(5) + 'x'.repeat(128 - 5 * (STRONG.length + 1)))).__typename).toBe(
        'SetUserPasswordPayload',
      );
    });

    it('stores an argon2id hash with the chosen parameters, exposes only hasPassword, and emits user.password.changed without the hash', async () => {
      const user = await createUser(server.gql, issuerId);
      const res = await setPassword(user.id, STRONG);
      expect(res.__typename).toBe('SetUserPasswordPayload');
      expect(res.user).toMatchObject({ id: user.id, hasPassword: true, mfaEnrolled: false, lockedUntil: null });
      const stored = (await row(user.id)).passwordHash!;
      expect(stored).toMatch(/^\$argon2id\$v=19\$/);
      expect(parseArgon2Hash(stored)).toMatchObject({ type: 'argon2id', version: 19, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
      expect(PASSWORD_HASH_PARAMS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
      expect(await argon2.verify(stored, STRONG)).toBe(true);
      const events = await eventsOf(user.id);
      const changed = events.find((e) => e.type === 'user.password.changed')!;
      expect(changed.data).toEqual({ userId: user.id, replaced: false });
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain('$argon2');
      // replacing the password: a new hash, and the event says so
      expect((await setPassword(user.id, STRONG_2)).__typename).toBe('SetUserPasswordPayload');
      expect((await row(user.id)).passwordHash).not.toBe(stored);
      expect((await eventsOf(user.id)).filter((e) => e.type === 'user.password.changed').map((e) => e.data)).toEqual([
        { userId: user.id, replaced: false },
        { userId: user.id, replaced: true },
      ]);
    });

    it('verifyPassword: ok with the user; the same `invalid` for a wrong password, an unknown, suspended or password-less user', async () => {
      const { id, username } = await userWithPassword();
      const ok = await credentials().verifyPassword(issuerId, username, STRONG);
      expect(ok).toMatchObject({ ok: true, user: { id, username } });
      if (!ok.ok) throw new Error('unreachable');
      expect(ok.user).not.toHaveProperty('passwordHash');
      expect(ok.user).not.toHaveProperty('totpSecretEnc');
      // the username as typed: case and surrounding spaces do not matter for email usernames
      expect((await credentials().verifyPassword(issuerId, `  ${username.toUpperCase()} `, STRONG)).ok).toBe(true);

      expect(await credentials().verifyPassword(issuerId, username, `${STRONG}x`)).toEqual({ ok: false, reason: 'invalid' });
      expect(await credentials().verifyPassword(issuerId, 'nobody@example.com', STRONG)).toEqual({ ok: false, reason: 'invalid' });
      expect(await credentials().verifyPassword('i_not-an-id', username, STRONG)).toEqual({ ok: false, reason: 'invalid' });
      const otherIssuer = (await createIssuer(server.gql)).id;
      expect(await credentials().verifyPassword(otherIssuer, username, STRONG)).toEqual({ ok: false, reason: 'invalid' });
      const bare = await createUser(server.gql, issuerId);
      expect(await credentials().verifyPassword(issuerId, bare.username, '')).toEqual({ ok: false, reason: 'invalid' });

      const suspended = await userWithPassword();
      await server.gql.request(`mutation Suspend($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }`, {
        input: { id: suspended.id, status: 'SUSPENDED' },
      });
      expect(await credentials().verifyPassword(issuerId, suspended.username, STRONG)).toEqual({ ok: false, reason: 'invalid' });
    });

    it('runs argon2 for unknown users too: both paths take argon2 time, and about the same', async () => {
      const { username } = await userWithPassword();
      const time = async (fn: () => Promise<unknown>) => {
        const started = performance.now();
        await fn();
        return performance.now() - started;
      };
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const wrong: number[] = [];
      const unknown: number[] = [];
      // below the lockout threshold on both sides (each unknown name has its own count)
      for (let i = 0; i < LOCKOUT.threshold - 1; i++) {
        wrong.push(await time(() => credentials().verifyPassword(issuerId, username, `not-it-${i}`)));
        unknown.push(await time(() => credentials().verifyPassword(issuerId, `ghost-${i}-${username}`, `not-it-${i}`)));
      }
      // argon2id at m=19 MiB, t=2 takes tens of milliseconds; a skipped hash would take well under 5
      expect(Math.min(...wrong)).toBeGreaterThan(5);
      expect(Math.min(...unknown)).toBeGreaterThan(5);
      const ratio = median(wrong) / median(unknown);
      // loose: a shared CI machine is noisy; a skipped hash would show as a ratio of 10 or more
      expect(ratio).toBeGreaterThan(1 / 4);
      expect(ratio).toBeLessThan(4);
      // a success resets the count those failures left
      expect((await credentials().verifyPassword(issuerId, username, STRONG)).ok).toBe(true);
    });

    it(`locks after ${LOCKOUT.threshold} failures for a minute, doubling each further failure up to an hour; success and setUserPassword lift it`, async () => {
      expect([5, 6, 7, 8, 10, 11, 12, 40].map(lockDurationMs)).toEqual([
        60_000, 120_000, 240_000, 480_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
      ]);
      expect(lockDurationMs(4)).toBe(0);

      const clock = manualClock();
      const service = serviceAt(clock);
      const { id, username } = await userWithPassword();
      for (let i = 1; i < LOCKOUT.threshold; i++)
        expect(await service.verifyPassword(issuerId, username, 'wrong-guess')).toEqual({ ok: false, reason: 'invalid' });
      const fifth = await service.verifyPassword(issuerId, username, 'wrong-guess');
      expect(fifth).toEqual({ ok: false, reason: 'locked', lockedUntil: new Date(clock.now().getTime() + 60_000) });
      // locked: even the right password is not checked
      expect(await service.verifyPassword(issuerId, username, STRONG)).toMatchObject({ ok: false, reason: 'locked' });
      const view = await server.gql.request<{ node: { lockedUntil: string | null } }, unknown>(
        `query Locked($id: ID!) { node(id: $id) { ... on User { lockedUntil } } }`,
        { id },
      );
      expect(view.node.lockedUntil).toBe(new Date(clock.now().getTime() + 60_000).toISOString());

      clock.advance(60_001);
      const sixth = await service.verifyPassword(issuerId, username, 'wrong-again');
      expect(sixth).toEqual({ ok: false, reason: 'locked', lockedUntil: new Date(clock.now().getTime() + 120_000) });
      clock.advance(60_000);
      expect(await service.verifyPassword(issuerId, username, STRONG)).toMatchObject({ ok: false, reason: 'locked' });
      clock.advance(60_001);
      expect(await service.verifyPassword(issuerId, username, STRONG)).toMatchObject({ ok: true });
      expect(await row(id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });

      const locked = (await eventsOf(id)).filter((e) => e.type === 'user.locked');
      expect(locked.map((e) => e.data)).toEqual([
        expect.objectContaining({ userId: id, factor: 'password', failures: 5 }),
        expect.objectContaining({ userId: id, factor: 'password', failures: 6 }),
      ]);
      expect(locked[0]).toMatchObject({ actorType: 'system', actorId: null, issuerId });

      // an administrator's new password lifts a lock
      for (let i = 0; i < LOCKOUT.threshold; i++) await service.verifyPassword(issuerId, username, 'wrong-guess');
      expect((await row(id)).lockedUntil).not.toBeNull();
      expect((await setPassword(id, STRONG_2)).user).toMatchObject({ lockedUntil: null });
      expect((await service.verifyPassword(issuerId, username, STRONG_2)).ok).toBe(true);
    });

    it('an unknown username locks after as many tries as a known one (the lockout does not reveal which names exist)', async () => {
      const clock = manualClock();
      const service = serviceAt(clock);
      const results = [];
      for (let i = 0; i < LOCKOUT.threshold + 1; i++)
        results.push(await service.verifyPassword(issuerId, 'ghost@example.com', 'wrong-guess'));
      expect(results.slice(0, LOCKOUT.threshold - 1)).toEqual(Array(LOCKOUT.threshold - 1).fill({ ok: false, reason: 'invalid' }));
      expect(results[LOCKOUT.threshold - 1]).toEqual({
        ok: false,
        reason: 'locked',
        lockedUntil: new Date(clock.now().getTime() + 60_000),
      });
      expect(results[LOCKOUT.threshold]).toMatchObject({ ok: false, reason: 'locked' });
    });

    it('concurrent guesses meet the lock: no more than the threshold are verified', async () => {
      const { id, username } = await userWithPassword();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => credentials().verifyPassword(issuerId, username, `parallel-${i}`)),
      );
      expect(results.filter((r) => !r.ok && r.reason === 'invalid').length).toBeLessThanOrEqual(LOCKOUT.threshold - 1);
      expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(12 - (LOCKOUT.threshold - 1));
      expect((await row(id)).failedLoginCount).toBeLessThanOrEqual(LOCKOUT.threshold);
      expect((await row(id)).lockedUntil).not.toBeNull();
    });

    it('rehashes a stored hash below the current parameters on a successful sign-in, and only then', async () => {
      const { id, username } = await userWithPassword();
      const weak = await argon2.hash(STRONG, { type: argon2.argon2id, memoryCost: 8_192, timeCost: 1, parallelism: 1 });
      await server.app.db.prisma.user.update({ where: { id }, data: { passwordHash: weak } });

      expect((await credentials().verifyPassword(issuerId, username, 'wrong-guess')).ok).toBe(false);
      expect((await row(id)).passwordHash).toBe(weak);

      expect((await credentials().verifyPassword(issuerId, username, STRONG)).ok).toBe(true);
      const rehashed = (await row(id)).passwordHash!;
      expect(rehashed).not.toBe(weak);
      expect(parseArgon2Hash(rehashed)).toMatchObject({ type: 'argon2id', memoryCost: 19_456, timeCost: 2, parallelism: 1 });
      expect((await credentials().verifyPassword(issuerId, username, STRONG)).ok).toBe(true);
      expect((await row(id)).passwordHash).toBe(rehashed);

      // an argon2i hash is replaced too
      await server.app.db.prisma.user.update({
        where: { id },
        data: { passwordHash: await argon2.hash(STRONG, { type: argon2.argon2i, memoryCost: 19_456, timeCost: 2, parallelism: 1 }) },
      });
      expect((await credentials().verifyPassword(issuerId, username, STRONG)).ok).toBe(true);
      expect((await row(id)).passwordHash).toMatch(/^\$argon2id\$/);
    });
  });

  describe('TOTP', () => {
    it('enrols: the secret is shown once, stored sealed, pending until a current code confirms it', async () => {
      const { id } = await userWithPassword();
      const started = await enrollTotp(id);
      expect(started.__typename).toBe('EnrollTotpPayload');
      expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(started.user).toMatchObject({ mfaEnrolled: false, mfaEnrollmentPending: true });
      const uri = URI.parse(started.otpauthUri!);
      expect(uri).toBeInstanceOf(TOTP);
      expect(uri).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
      expect((uri as TOTP).secret.base32).toBe(started.secret);
      expect(started.otpauthUri).toMatch(/^otpauth:\/\/totp\//);

      const stored = await row(id);
      expect(stored.totpPendingSecretEnc).toMatch(/^v1\./);
      expect(stored.totpPendingSecretEnc).not.toContain(started.secret);
      expect(stored.totpSecretEnc).toBeNull();
      // not usable for sign-in while pending
      expect(await credentials().checkTotp(id, totpFor(started.secret!).generate())).toEqual({ ok: false, reason: 'invalid' });

      const wrong = await verifyTotp(id, totpFor(started.secret!).generate({ timestamp: Date.now() - 10 * 60_000 }));
      expect(wrong).toMatchObject({
        __typename: 'ValidationError',
        fields: [{ path: 'code', message: expect.stringMatching(/does not match/) }],
      });
      expect((await verifyTotp(id, 'abcdef')).__typename).toBe('ValidationError');

      const confirmed = await verifyTotp(id, totpFor(started.secret!).generate());
      expect(confirmed).toMatchObject({ __typename: 'VerifyTotpPayload', user: { mfaEnrolled: true, mfaEnrollmentPending: false } });
      const after = await row(id);
      expect(after.totpSecretEnc).toBe(stored.totpPendingSecretEnc);
      expect(after.totpPendingSecretEnc).toBeNull();
      // the confirming code's step counts as used
      const step = BigInt(TOTP.counter({ timestamp: Date.now() }));
      expect(after.totpLastStep! >= step - 1n && after.totpLastStep! <= step).toBe(true);
      expect((await verifyTotp(id, '123456')).code).toBe('INVALID_STATE');

      const events = await eventsOf(id);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.mfa.enrollment-started', 'user.mfa.enrolled']));
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain(started.secret);
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain(stored.totpPendingSecretEnc);
    });

    it('checkTotp at sign-in: a code is accepted once per time step; replay, old and wrong codes are refused', async () => {
      const { id, secret, confirmedWith } = await enrolledUser();
      const totp = totpFor(secret);
      // the code that confirmed the enrolment cannot sign in within the same step
      expect(await credentials().checkTotp(id, confirmedWith)).toEqual({ ok: false, reason: 'invalid' });

      const clock = manualClock(Date.now() + 60_000);
      const service = serviceAt(clock);
      const code = totp.generate({ timestamp: clock.now().getTime() });
      expect(await service.checkTotp(id, code)).toEqual({ ok: true });
      expect(await service.checkTotp(id, code)).toEqual({ ok: false, reason: 'invalid' });
      // still the same code 10 s later (same step, or the one before within the window)
      clock.advance(10_000);
      expect(await service.checkTotp(id, code)).toEqual({ ok: false, reason: 'invalid' });
      expect(await service.checkTotp(id, totp.generate({ timestamp: clock.now().getTime() - 30_000 }))).toEqual({
        ok: false,
        reason: 'invalid',
      });
      // the next step's code works once; a wrong one never
      clock.advance(30_000);
      const next = totp.generate({ timestamp: clock.now().getTime() });
      expect(next).not.toBe(code);
      expect(await service.checkTotp(id, next)).toEqual({ ok: true });
      expect(await service.checkTotp(id, wrongCode(totp, clock.now().getTime()))).toEqual({ ok: false, reason: 'invalid' });
      expect(await service.checkTotp(id, 'not a code')).toEqual({ ok: false, reason: 'invalid' });

      // two requests with the same fresh code at once: exactly one passes
      clock.advance(30_000);
      const raced = totp.generate({ timestamp: clock.now().getTime() });
      const both = await Promise.all([service.checkTotp(id, raced), service.checkTotp(id, raced)]);
      expect(both.filter((r) => r.ok)).toHaveLength(1);
    });

    it('second-factor failures lock the account too, and a correct password does not reset their count', async () => {
      const { id, secret } = await enrolledUser();
      const username = (await row(id)).username;
      const clock = manualClock(Date.now() + 120_000);
      const service = serviceAt(clock);
      const wrong = wrongCode(totpFor(secret), clock.now().getTime());
      for (let i = 1; i < LOCKOUT.threshold; i++) {
        expect((await service.verifyPassword(issuerId, username, STRONG)).ok).toBe(true);
        expect(await service.checkTotp(id, wrong)).toEqual({ ok: false, reason: 'invalid' });
      }
      expect((await service.verifyPassword(issuerId, username, STRONG)).ok).toBe(true);
      expect(await service.checkTotp(id, wrong)).toMatchObject({ ok: false, reason: 'locked' });
      expect(await service.checkTotp(id, totpFor(secret).generate({ timestamp: clock.now().getTime() }))).toMatchObject({
        ok: false,
        reason: 'locked',
      });
      expect(await service.verifyPassword(issuerId, username, STRONG)).toMatchObject({ ok: false, reason: 'locked' });
      expect((await eventsOf(id)).filter((e) => e.type === 'user.locked').map((e) => e.data)).toEqual([
        expect.objectContaining({ factor: 'second_factor', failures: 5 }),
      ]);
      clock.advance(60_001);
      expect(await service.checkTotp(id, totpFor(secret).generate({ timestamp: clock.now().getTime() }))).toEqual({ ok: true });
      expect(await row(id)).toMatchObject({ mfaFailedCount: 0, lockedUntil: null });
    });

    it('enrolling again rotates: the old secret works until the new one is confirmed; disableTotp removes everything', async () => {
      const { id, secret } = await enrolledUser();
      const clock = manualClock(Date.now() + 60_000);
      const service = serviceAt(clock);
      const second = (await enrollTotp(id)).secret!;
      expect(second).not.toBe(secret);
      expect(await service.checkTotp(id, totpFor(secret).generate({ timestamp: clock.now().getTime() }))).toEqual({ ok: true });
      expect((await verifyTotp(id, totpFor(second).generate())).user).toMatchObject({ mfaEnrolled: true });
      clock.advance(30_000);
      expect(await service.checkTotp(id, totpFor(secret).generate({ timestamp: clock.now().getTime() }))).toEqual({
        ok: false,
        reason: 'invalid',
      });
      expect(await service.checkTotp(id, totpFor(second).generate({ timestamp: clock.now().getTime() }))).toEqual({ ok: true });

      expect((await regenerateBackupCodes(id)).codes).toHaveLength(10);
      const disabled = await disableTotp(id);
      expect(disabled).toMatchObject({
        __typename: 'DisableTotpPayload',
        user: { mfaEnrolled: false, mfaEnrollmentPending: false, backupCodesRemaining: 0 },
      });
      expect(await row(id)).toMatchObject({ totpSecretEnc: null, totpPendingSecretEnc: null, totpLastStep: null, backupCodeHashes: [] });
      expect((await disableTotp(id)).code).toBe('INVALID_STATE');
      expect((await eventsOf(id)).map((e) => e.type)).toContain('user.mfa.disabled');
    });
  });

  describe('backup codes', () => {
    it('need a confirmed TOTP enrolment', async () => {
      const { id } = await userWithPassword();
      expect((await regenerateBackupCodes(id)).code).toBe('INVALID_STATE');
      await enrollTotp(id);
      expect((await regenerateBackupCodes(id)).code).toBe('INVALID_STATE');
    });

    it('are shown once, stored as digests, each usable once, and replaced by regeneration', async () => {
      const { id } = await enrolledUser();
      const res = await regenerateBackupCodes(id);
      expect(res).toMatchObject({ __typename: 'RegenerateBackupCodesPayload', user: { backupCodesRemaining: 10 } });
      const codes = res.codes!;
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
      const stored = (await row(id)).backupCodeHashes;
      expect(stored).toHaveLength(10);
      for (const hash of stored) expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const everything = JSON.stringify({ stored, events: (await eventsOf(id)).map((e) => e.data) });
      for (const code of codes) expect(everything).not.toContain(code);

      expect(await credentials().useBackupCode(id, codes[0]!)).toEqual({ ok: true, remaining: 9 });
      expect(await credentials().useBackupCode(id, codes[0]!)).toEqual({ ok: false, reason: 'invalid' });
      // typed loosely: upper case, no dashes, spaces
      expect(await credentials().useBackupCode(id, ` ${codes[1]!.toUpperCase().replace(/-/g, ' ')} `)).toEqual({ ok: true, remaining: 8 });
      expect(await credentials().useBackupCode(id, 'zzzz-zzzz-zzzz-zzzz')).toEqual({ ok: false, reason: 'invalid' });
      // two different codes at once: both consumed
      const both = await Promise.all([credentials().useBackupCode(id, codes[2]!), credentials().useBackupCode(id, codes[3]!)]);
      expect(both.every((r) => r.ok)).toBe(true);
      expect((await row(id)).backupCodeHashes).toHaveLength(6);
      expect(
        (await eventsOf(id))
          .filter((e) => e.type === 'user.backup-code.used')
          .map((e) => (e.data as { remaining: number }).remaining)
          .sort(),
      ).toEqual([6, 7, 8, 9]);

      const renewed = (await regenerateBackupCodes(id)).codes!;
      expect(await credentials().useBackupCode(id, codes[4]!)).toEqual({ ok: false, reason: 'invalid' });
      expect(await credentials().useBackupCode(id, renewed[0]!)).toEqual({ ok: true, remaining: 9 });
      expect((await eventsOf(id)).map((e) => e.type)).toContain('user.backup-codes.regenerated');
    });
  });

  describe('MFA policy', () => {
    it('resolves issuer and organization policies: the stricter wins, inherit takes the issuer', () => {
      expect(effectiveMfaPolicy('off')).toBe('off');
      expect(effectiveMfaPolicy('optional', 'inherit')).toBe('optional');
      expect(effectiveMfaPolicy('required', 'inherit')).toBe('required');
      expect(effectiveMfaPolicy('optional', 'required')).toBe('required');
      expect(effectiveMfaPolicy('required', 'optional')).toBe('required');
      expect(effectiveMfaPolicy('off', 'required')).toBe('required');
      expect(effectiveMfaPolicy('off', 'optional')).toBe('optional');
      expect(effectiveMfaPolicy('bogus')).toBe('required');
    });

    it('mfaRequired: by issuer and organization, and whether the user is enrolled', async () => {
      const optionalIssuer = (await createIssuer(server.gql)).id;
      const strictOrg = await server.gql.request<{ createOrganization: { organization: { id: string } } }, unknown>(
        `mutation StrictOrg($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on CreateOrganizationPayload { organization { id } } } }`,
        { input: { issuerId: optionalIssuer, name: 'Strict', mfaPolicy: 'REQUIRED' } },
      );
      const strictOrgId = strictOrg.createOrganization.organization.id;
      const plainOrgId = (await createOrganization(server.gql, optionalIssuer)).id;
      const user = await createUser(server.gql, optionalIssuer);

      const service = credentials();
      expect(await service.mfaRequired(user.id)).toEqual({ policy: 'optional', enrolled: false, required: false });
      expect(await service.mfaRequired(user.id, plainOrgId)).toEqual({ policy: 'optional', enrolled: false, required: false });
      expect(await service.mfaRequired(user.id, strictOrgId)).toEqual({ policy: 'required', enrolled: false, required: true });
      await expect(service.mfaRequired(user.id, (await createOrganization(server.gql, issuerId)).id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });

      const secret = (await enrollTotp(user.id)).secret!;
      await verifyTotp(user.id, totpFor(secret).generate());
      expect(await service.mfaRequired(user.id)).toEqual({ policy: 'optional', enrolled: true, required: true });

      // an issuer with MFA off: enrolment is refused unless one of the user's organizations enables it
      const offIssuer = (await createIssuer(server.gql)).id;
      await server.gql.request(`mutation Off($input: UpdateIssuerInput!) { updateIssuer(input: $input) { __typename } }`, {
        input: { id: offIssuer, mfaPolicy: 'OFF' },
      });
      const offUser = await createUser(server.gql, offIssuer);
      expect(await service.mfaRequired(offUser.id)).toEqual({ policy: 'off', enrolled: false, required: false });
      expect((await enrollTotp(offUser.id)).code).toBe('INVALID_STATE');
      const enabling = await server.gql.request<{ createOrganization: { organization: { id: string } } }, unknown>(
        `mutation EnablingOrg($input: CreateOrganizationInput!) { createOrganization(input: $input) { ... on CreateOrganizationPayload { organization { id } } } }`,
        { input: { issuerId: offIssuer, name: 'Enabling', mfaPolicy: 'REQUIRED' } },
      );
      await createMembership(server.gql, enabling.createOrganization.organization.id, offUser.id);
      expect(await service.mfaRequired(offUser.id, enabling.createOrganization.organization.id)).toEqual({
        policy: 'required',
        enrolled: false,
        required: true,
      });
      expect((await enrollTotp(offUser.id)).__typename).toBe('EnrollTotpPayload');
    });
  });

  it('is for account keys only: an organization key cannot set passwords or manage MFA', async () => {
    const orgId = (await createOrganization(server.gql, issuerId)).id;
    const user = await createUser(server.gql, issuerId);
    await createMembership(server.gql, orgId, user.id);
    const key = await createApiKey(server.gql, { organizationId: orgId, name: 'tenant', scopes: ['members:read', 'members:write'] });
    const { createClient } = await import('./helpers/graphql.js');
    const tenant = createClient(server.url, { username: key.id, password: key.secret });
    const res = await tenant.raw(document('setUserPassword', 'SetUserPasswordInput', 'SetUserPasswordPayload'), {
      input: { userId: user.id, password: STRONG },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // the same user is readable to the tenant, with the credential flags but nothing secret
    const read = await tenant.request<{ node: Record<string, unknown> | null }, unknown>(
      `query Read($id: ID!) { node(id: $id) { ... on User { hasPassword mfaEnrolled lockedUntil } } }`,
      { id: user.id },
    );
    expect(read.node).toEqual({ hasPassword: false, mfaEnrolled: false, lockedUntil: null });
    expect((await row(user.id)).passwordHash).toBeNull();
  });
});
