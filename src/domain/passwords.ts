/**
 * Passwords: argon2id hashing with a rehash signal, a decoy hash so unknown users cost the same
 * time as known ones, and the strength rules a new password must pass.
 *
 * Parameters: argon2id, m = 19 456 KiB (19 MiB), t = 2, p = 1, 16-byte salt, 32-byte tag: the
 * OWASP Password Storage Cheat Sheet's first-listed minimum (2024+). About 33 ms per hash on one
 * core of the reference machine; stronger settings multiply the CPU and memory one sign-in costs
 * the server, which is itself a denial-of-service lever on a 2-core box. Raise them here: stored
 * hashes below the new values are rehashed at the next successful sign-in.
 *
 * Passwords are NFKC-normalised before hashing, verifying and checking, so the same password
 * typed on two keyboards (composed vs decomposed accents, full-width digits) is the same password.
 * @module
 */
import { usernameCaseMapped } from './usernames.js';
import { addressBucket } from '../lib/cidr.js';
import argon2 from 'argon2';
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { randomSecret } from '../lib/crypto.js';
import type { FieldIssue } from './errors.js';

export interface Argon2Params {
  /** KiB */
  memoryCost: number;
  /** passes */
  timeCost: number;
  /** lanes */
  parallelism: number;
}

/** The current hashing parameters (see the module comment for the choice). */
export const PASSWORD_HASH_PARAMS: Readonly<Argon2Params> = Object.freeze({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });

/** Length bounds in Unicode code points, after NFKC normalisation. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn score (0–4) a new password must reach. */
export const PASSWORD_MIN_SCORE = 3;

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export interface PasswordVerification {
  ok: boolean;
  /** true when `ok` and the stored hash is weaker than the current parameters (or not argon2id) */
  needsRehash: boolean;
}

export interface PasswordHasher {
  readonly params: Readonly<Argon2Params>;
  hash(password: string): Promise<string>;
  /**
   * Verifies `password` against `storedHash`. A null hash (unknown user, user without a password)
   * verifies against the decoy hash instead, which takes the same time and never matches.
   */
  verify(storedHash: string | null, password: string): Promise<PasswordVerification>;
}

/** Parameters of a PHC-format argon2 string (`$argon2id$v=19$m=…,t=…,p=…$salt$tag`), or null. */
export function parseArgon2Hash(phc: string): ({ type: string; version: number } & Argon2Params) | null {
  const match = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z0-9=,]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(phc);
  if (!match) return null;
  const params = new Map(match[3]!.split(',').map((kv) => kv.split('=') as [string, string]));
  const m = Number(params.get('m'));
  const t = Number(params.get('t'));
  const p = Number(params.get('p'));
  if (![m, t, p].every((n) => Number.isInteger(n) && n > 0)) return null;
  return { type: match[1]!, version: Number(match[2]), memoryCost: m, timeCost: t, parallelism: p };
}

/**
 * True when a stored hash should be replaced by one with the current parameters: not argon2id,
 * an older argon2 version, or less memory or fewer passes than now. (More lanes with the same
 * memory and passes is not weaker for an attacker, so `p` alone never triggers a rehash.)
 */
export function isWeakerThan(phc: string, params: Argon2Params): boolean {
  const parsed = parseArgon2Hash(phc);
  if (!parsed) return true;
  return parsed.type !== 'argon2id' || parsed.version < 0x13 || parsed.memoryCost < params.memoryCost || parsed.timeCost < params.timeCost;
}

export function createPasswordHasher(params: Readonly<Argon2Params> = PASSWORD_HASH_PARAMS): PasswordHasher {
  const options = { type: argon2.argon2id, ...params } as const;
  const hash = (password: string) => argon2.hash(normalizePassword(password), options);
  // Made once, up front, with the current parameters, so the first unknown user costs no more.
  const decoy = hash(randomSecret());
  decoy.catch(() => {});

  return {
    params,
    hash,
    async verify(storedHash, password) {
      const presented = normalizePassword(password);
      if (storedHash === null || !parseArgon2Hash(storedHash)) {
        await argon2.verify(await decoy, presented).catch(() => false);
        return { ok: false, needsRehash: false };
      }
      const ok = await argon2.verify(storedHash, presented).catch(() => false);
      return { ok, needsRehash: ok && isWeakerThan(storedHash, params) };
    },
  };
}

/** What a password must not contain or resemble: the user's own names. */
export interface PasswordContext {
  username: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface PasswordPolicy {
  /** Every rule the password breaks (empty: acceptable). Paths are `password`. */
  issues(password: string, context: PasswordContext): FieldIssue[];
}

/** Parts of the user's identity a password must not contain: shorter ones would match too much. */
const MIN_IDENTITY_PART = 3;

/**
 * The strength rules: 8–128 code points after NFKC; not an exact entry of the common-passwords
 * list (@zxcvbn-ts/language-common, offline); not containing the username or the email's local
 * part; and a zxcvbn score of at least 3 with the common and English dictionaries plus the user's
 * own names. The estimator reads at most 64 characters and tries few l33t substitutions: longer
 * passwords are strong on length alone, and the full search takes seconds per call.
 */
export function createPasswordPolicy(): PasswordPolicy {
  let estimator: ZxcvbnFactory | null = null;
  let common: ReadonlySet<string> | null = null;

  const load = () => {
    if (estimator && common) return { estimator, common };
    // Loaded on the first password checked, not at start: the dictionaries are decompressed when
    // their modules load (a noticeable share of start-up CPU) and then hold tens of MiB of heap.
    // require keeps this synchronous; the packages ship CommonJS builds.
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const { dictionary: commonDictionary, adjacencyGraphs } =
      require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const { dictionary: englishDictionary, translations } = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
    estimator = new ZxcvbnFactory({
      dictionary: { ...commonDictionary, ...englishDictionary },
      graphs: adjacencyGraphs,
      translations,
      maxLength: 64,
      l33tMaxSubstitutions: 10,
    });
    common = new Set(commonDictionary['passwords-common'].map((p) => p.toLowerCase()));
    return { estimator, common };
  };

  return {
    issues(password, context) {
      const issue = (message: string): FieldIssue => ({ path: 'password', message });
      // Bounded before normalising: NFKC can expand a code point by up to 18 times.
      if (password.length > PASSWORD_MAX_LENGTH * 4) return [issue(`must be at most ${PASSWORD_MAX_LENGTH} characters`)];
      const normalized = normalizePassword(password);
      const length = [...normalized].length;
      if (length < PASSWORD_MIN_LENGTH) return [issue(`must be at least ${PASSWORD_MIN_LENGTH} characters`)];
      if (length > PASSWORD_MAX_LENGTH) return [issue(`must be at most ${PASSWORD_MAX_LENGTH} characters`)];

      const { estimator, common } = load();
      const lower = normalized.toLowerCase();
      if (common.has(lower)) return [issue('is a commonly used password')];

      const { forbidden, hints } = identityParts(context);
      const issues: FieldIssue[] = [];
      if (forbidden.some((part) => part.length >= MIN_IDENTITY_PART && lower.includes(part))) {
        issues.push(issue('must not contain the username or the email address'));
      }
      const result = estimator.check(normalized, hints);
      if (result.score < PASSWORD_MIN_SCORE) {
        const advice = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s);
        issues.push(issue(advice.length ? `is too easy to guess: ${advice.join(' ')}` : 'is too easy to guess'));
      }
      return issues;
    },
  };
}

/**
 * `forbidden`: the username and the email address with their local parts (a password must not
 * contain them); `hints`: those plus first and last names, which zxcvbn treats as guessable words.
 */
function identityParts(context: PasswordContext): { forbidden: string[]; hints: string[] } {
  const forbidden = new Set<string>();
  for (const value of [context.username, context.email]) {
    if (!value) continue;
    const lower = value.normalize('NFKC').toLowerCase();
    forbidden.add(lower);
    const at = lower.lastIndexOf('@');
    if (at > 0) forbidden.add(lower.slice(0, at));
    // a phone-number username, as its digits would be typed
    if (/^\+[0-9]+$/.test(lower)) forbidden.add(lower.slice(1));
  }
  const names = [context.firstName, context.lastName].filter((n): n is string => !!n).map((n) => n.normalize('NFKC').toLowerCase());
  return { forbidden: [...forbidden], hints: [...new Set([...forbidden, ...names])] };
}

/**
 * The key a username's sign-in counters are kept under: the issuer and the name trimmed,
 * NFC-normalised and lower-cased, so `Alice`, `ALICE` and `alice` share one count whether or not
 * the user exists (a per-spelling count would tell which spelling is real).
 */
export function signInCounterKey(issuerId: string, username: string): string {
  // the comparison form the sign-in lookup uses (PRECIS UsernameCaseMapped: width, case, NFC), so
  // no other spelling of one name gets a fresh counter
  return `${issuerId}:${usernameCaseMapped(username.trim()).slice(0, 320)}`;
}

/** The subset of http/failure-counter.ts the throttle needs (counts of failures per key in a window). */
export interface SignInFailureCounter {
  readonly windowSeconds: number;
  peek(key: string): Promise<{ failures: number; msBeforeReset: number }>;
  add(key: string): Promise<{ failures: number; msBeforeReset: number }>;
  reset(key: string): Promise<void>;
}

/** One attempt at the password step, as the throttle sees it. */
export interface SignInAttempt {
  issuerId: string;
  username: string;
  /** the browser's address (trusted proxies honoured); null when unknown */
  address: string | null;
  /** the id in a valid device cookie issued to this browser for this username, else null */
  deviceId: string | null;
}

export type SignInVerdict = { allowed: true; knownDevice: boolean } | { allowed: false; retryAfterSeconds: number };

export interface SignInThrottle {
  /** Whether the attempt may be checked at all (asked before the password is verified). */
  check(attempt: SignInAttempt): Promise<SignInVerdict>;
  /** Counts a wrong password (or unknown user: the same thing to the throttle). */
  failed(attempt: SignInAttempt): Promise<void>;
  /** A right password: forgets this device's failures. */
  succeeded(attempt: SignInAttempt): Promise<void>;
}

export interface SignInLimits {
  /** wrong passwords per username from browsers without its device cookie, per window */
  perUsername: number;
  /** wrong passwords per address, any usernames, per window */
  perAddress: number;
  /** wrong passwords per device cookie before that browser counts as unknown again */
  perDevice: number;
}

/**
 * Throttles online guessing at the hosted sign-in without letting a stranger lock the owner out
 * (OWASP "Slow down online guessing attacks with device cookies"):
 *
 * - a browser that signed in as a user before holds a signed device cookie for that username; it
 *   is exempt from the per-username limit and only limited per device (`perDevice` failures, then
 *   it is treated as unknown), so strangers failing on that username do not lock it out;
 * - unknown browsers are limited per username (`perUsername`, all unknown browsers together) and
 *   per address (`perAddress`, any usernames);
 * - counters are keyed by signInCounterKey, whether or not the user exists: a known and an unknown
 *   username answer with the same codes after the same number of tries.
 * Counters live in memory on one node and in Redis when REDIS_URL is set (shared by every node).
 */
/** A sign-in counter that reached its limit: reported as `credential.guessing-suspected`. */
export interface SignInTrip {
  issuerId: string;
  /** the username as compared (trimmed, NFC, lower-case); empty for an address trip */
  identifier: string;
  sourceAddress: string | null;
  scope: 'identifier' | 'address';
  failures: number;
  limit: number;
  windowSeconds: number;
}

export function createSignInThrottle(
  counter: SignInFailureCounter,
  limits: SignInLimits,
  onTripped?: (trip: SignInTrip) => void,
): SignInThrottle {
  const usernameKey = (a: SignInAttempt) => `u:${signInCounterKey(a.issuerId, a.username)}`;
  // IPv6 browsers are counted by their /64 (lib/cidr.ts addressBucket)
  const addressKey = (a: SignInAttempt) => `a:${a.issuerId}:${addressBucket(a.address) ?? 'unknown'}`;
  const deviceKey = (a: SignInAttempt) => `d:${a.deviceId}`;
  const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  async function trustedDevice(a: SignInAttempt): Promise<boolean> {
    if (!a.deviceId) return false;
    return (await counter.peek(deviceKey(a))).failures < limits.perDevice;
  }

  return {
    async check(attempt) {
      const byAddress = await counter.peek(addressKey(attempt));
      if (byAddress.failures >= limits.perAddress) return { allowed: false, retryAfterSeconds: retryAfter(byAddress.msBeforeReset) };
      if (await trustedDevice(attempt)) return { allowed: true, knownDevice: true };
      const byUsername = await counter.peek(usernameKey(attempt));
      if (byUsername.failures >= limits.perUsername) return { allowed: false, retryAfterSeconds: retryAfter(byUsername.msBeforeReset) };
      return { allowed: true, knownDevice: false };
    },

    async failed(attempt) {
      const windowSeconds = counter.windowSeconds;
      const byAddress = await counter.add(addressKey(attempt));
      if (byAddress.failures === limits.perAddress) {
        onTripped?.({
          issuerId: attempt.issuerId,
          identifier: '',
          sourceAddress: attempt.address,
          scope: 'address',
          failures: byAddress.failures,
          limit: limits.perAddress,
          windowSeconds,
        });
      }
      // A known device's failures count against that device only, never against the username.
      if (await trustedDevice(attempt)) {
        await counter.add(deviceKey(attempt));
        return;
      }
      const byUsername = await counter.add(usernameKey(attempt));
      if (byUsername.failures === limits.perUsername) {
        const identifier = signInCounterKey(attempt.issuerId, attempt.username).slice(attempt.issuerId.length + 1);
        onTripped?.({
          issuerId: attempt.issuerId,
          identifier,
          sourceAddress: attempt.address,
          scope: 'identifier',
          failures: byUsername.failures,
          limit: limits.perUsername,
          windowSeconds,
        });
      }
    },

    async succeeded(attempt) {
      if (attempt.deviceId) await counter.reset(deviceKey(attempt));
    },
  };
}
