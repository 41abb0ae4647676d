/**
 * The failed-authentication limiter (RFC 6749 §2.3.1: "the authorization server MUST protect any
 * endpoint utilizing [password authentication] against brute force attacks"; RFC 7662 §4). Used at
 * `/token` (client secrets, agent secrets, private_key_jwt), `/introspect`, `/revoke`, and for
 * API-key Basic authentication on `/graphql` and `/v1/me`.
 *
 * Two counters, both of failures only (a success is never counted):
 * - per presented identifier *from one source address* (`identifier@address`): past
 *   `perIdentifier` failures in the window that address gets 429 for that identifier;
 * - per source address (trusted-proxy aware, http/client-ip.ts): past `perAddress` failures that
 *   address gets 429 for every identifier.
 * The owner of an identifier calling from another address keeps working while one address
 * hammers it: a stranger cannot lock a client out. The moment a counter reaches its limit, the
 * `onTripped` callback fires once per window (the `credential.guessing-suspected` event).
 * @module
 */
import { addressBucket } from '../lib/cidr.js';
import type { FailureCounter } from './failure-counter.js';

export interface FailedAuthOptions {
  counter: FailureCounter;
  /** failures of one identifier from one address before 429 */
  perIdentifier: number;
  /** failures from one address (any identifiers) before 429 */
  perAddress: number;
  /** called when a counter reaches its limit (once per window and counter) */
  onTripped?: (trip: GuessingTrip) => void;
}

/** What tripped: the data of a `credential.guessing-suspected` event. */
export interface GuessingTrip {
  /** the client id, agent id or API key id presented */
  identifier: string;
  /** the caller's address as resolved through trusted proxies (null when unknown) */
  sourceAddress: string | null;
  /** `identifier`: this identifier from this address; `address`: this address, any identifiers */
  scope: 'identifier' | 'address';
  /** failures counted in the window when it tripped */
  failures: number;
  limit: number;
  windowSeconds: number;
  /** whose event it is when the caller knows (the issuer of /token); otherwise looked up or logged only */
  owner: TripOwner | null;
}

/** The account (and issuer) a trip is reported to. */
export interface TripOwner {
  accountId: string;
  issuerId: string | null;
}

export type FailedAuthVerdict = { blocked: false } | { blocked: true; retryAfterSeconds: number };

export interface FailedAuthLimiter {
  /** Whether this identifier from this address may try now (checked before verifying anything). */
  check(identifier: string | null, address: string | null): Promise<FailedAuthVerdict>;
  /** Counts one failed authentication; `owner`: who hears of it when a counter trips. */
  failed(identifier: string | null, address: string | null, owner?: TripOwner | null): Promise<void>;
}

/** Identifiers are caller-chosen strings: bounded so a key cannot grow without limit. */
const clip = (value: string) => value.slice(0, 200);

export function createFailedAuthLimiter({ counter, perIdentifier, perAddress, onTripped }: FailedAuthOptions): FailedAuthLimiter {
  // IPv6 callers are counted by their /64 (lib/cidr.ts addressBucket)
  const addressKey = (address: string | null) => `a:${addressBucket(address) ?? 'unknown'}`;
  const identifierKey = (identifier: string, address: string | null) => `i:${clip(identifier)}@${addressBucket(address) ?? 'unknown'}`;
  const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  return {
    async check(identifier, address) {
      // both counters in one read (one Redis round trip across nodes); the address parsed once
      const bucket = addressBucket(address) ?? 'unknown';
      const [byAddress, byIdentifier] = await counter.peekMany(
        identifier === null ? [`a:${bucket}`] : [`a:${bucket}`, `i:${clip(identifier)}@${bucket}`],
      );
      if (byAddress!.failures >= perAddress) return { blocked: true, retryAfterSeconds: retryAfter(byAddress!.msBeforeReset) };
      if (byIdentifier && byIdentifier.failures >= perIdentifier)
        return { blocked: true, retryAfterSeconds: retryAfter(byIdentifier.msBeforeReset) };
      return { blocked: false };
    },

    async failed(identifier, address, owner = null) {
      const byAddress = await counter.add(addressKey(address));
      const windowSeconds = counter.windowSeconds;
      if (byAddress.failures === perAddress) {
        onTripped?.({
          identifier: identifier === null ? '' : clip(identifier),
          sourceAddress: address,
          scope: 'address',
          failures: byAddress.failures,
          limit: perAddress,
          windowSeconds,
          owner,
        });
      }
      if (identifier === null) return;
      const byIdentifier = await counter.add(identifierKey(identifier, address));
      if (byIdentifier.failures === perIdentifier) {
        onTripped?.({
          identifier: clip(identifier),
          sourceAddress: address,
          scope: 'identifier',
          failures: byIdentifier.failures,
          limit: perIdentifier,
          windowSeconds,
          owner,
        });
      }
      // Guessing spread over many addresses: counted per identifier from anywhere, it only tells
      // the owner (never refuses: that would let a stranger lock the credential out).
      const anywhere = await counter.add(`g:${clip(identifier)}`);
      if (anywhere.failures === perAddress) {
        onTripped?.({
          identifier: clip(identifier),
          sourceAddress: null,
          scope: 'identifier',
          failures: anywhere.failures,
          limit: perAddress,
          windowSeconds,
          owner,
        });
      }
    },
  };
}

/**
 * The `data` of a `credential.guessing-suspected` event, built field by field (a public contract
 * with webhook consumers): `{ identifier, sourceAddress, scope, failures, limit, windowSeconds }`.
 */
export function guessingSuspectedData(trip: GuessingTrip): {
  identifier: string;
  sourceAddress: string | null;
  scope: 'identifier' | 'address';
  failures: number;
  limit: number;
  windowSeconds: number;
} {
  return {
    identifier: trip.identifier,
    sourceAddress: trip.sourceAddress,
    scope: trip.scope,
    failures: trip.failures,
    limit: trip.limit,
    windowSeconds: trip.windowSeconds,
  };
}
