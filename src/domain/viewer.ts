/**
 * Who is calling, independent of protocol. Resolved once per request from the credential.
 * An account API key sees its whole account; every other credential is confined to one
 * organization (or to nothing) and to the management scopes it holds (deny-by-default).
 * @module
 */
/**
 * How a credential is restricted besides its scopes. Whatever it creates is never less restricted
 * (domain/authorization/attenuation.ts).
 */
export interface Restrictions {
  /** CIDR ranges it may be used from (normalised); empty: any address */
  ipAllowlist: readonly string[];
  /** when it stops working; null: never */
  expiresAt: Date | null;
  /** at most `limit` requests per `windowSeconds`; null: the server's default for its kind */
  rateLimit: { limit: number; windowSeconds: number } | null;
}

export const UNRESTRICTED: Restrictions = Object.freeze({ ipAllowlist: [], expiresAt: null, rateLimit: null });

/**
 * An account-level credential: an account API key, or an operator's console sign-in (`operator`
 * set: an access token of the account's system issuer, narrowed to the operator's role by
 * domain/authorization/operators.ts and re-checked live). `credentialId`: the key id, or the
 * operator token's `jti`.
 */
export interface AccountKeyViewer {
  kind: 'account_api_key';
  credentialId: string;
  accountId: string;
  restrictions: Restrictions;
  /**
   * the account's system issuer (the operators' own, domain/authorization/operators.ts), whose
   * objects and events no credential reads; null while the account has none
   */
  systemIssuerId: string | null;
  /** set for an operator's access token (the console) */
  operator?: OperatorGrant;
}

/** What an operator's access token is, as the kernel re-checks it (domain/authorization/operators.ts). */
export interface OperatorGrant {
  /** owner | admin | read_only: the strongest role the operator's membership grants now */
  role: 'owner' | 'admin' | 'read_only';
  /** the operator (usr_… of the system issuer) */
  userId: string;
  /** the system issuer */
  issuerId: string;
  /** the operators' organization of the system issuer (the token's org_id) */
  organizationId: string;
  /** the console client (the token's client_id) */
  clientId: string;
  /** the sign-in session (sid), checked live */
  sessionId: string;
  /** the token's scope claim as minted */
  claimedScopes: string[];
}

export interface OrganizationKeyViewer {
  kind: 'organization_api_key';
  credentialId: string;
  accountId: string;
  issuerId: string;
  organizationId: string;
  scopes: string[];
  restrictions: Restrictions;
}

export interface PersonalTokenViewer {
  kind: 'personal_token';
  credentialId: string;
  accountId: string;
  issuerId: string;
  userId: string;
  organizationId: string | null;
  scopes: string[];
  restrictions: Restrictions;
}

export interface AccessTokenViewer {
  kind: 'access_token';
  /** the token's jti */
  credentialId: string;
  accountId: string;
  issuerId: string;
  subject: string;
  clientId: string;
  organizationId: string | null;
  /** the token's `scope` claim ∩ what its principal holds now (domain/authorization/live.ts) */
  scopes: string[];
  /** the token's `scope` claim as minted */
  claimedScopes: string[];
  expiresAt: Date;
  /** the sign-in session the token belongs to (user tokens), checked live on every request */
  sessionId: string | null;
  /** RFC 8693 current actor (`act.sub`): the agent acting for `subject` */
  actorId: string | null;
  /** a delegated token's chain (`delegations` claim, user first): revoking any ends the token, on live connections too */
  delegations?: string[];
  /**
   * the token's client is first party (registered by the account, not third party: neither a
   * CIMD nor an RFC 7591 client nor one marked third party). Only then is a user's token the
   * person's own sign-in (domain/authorization/visibility.ts `ownSignIn`).
   */
  firstParty: boolean;
  /** expiresAt: the token's `exp` */
  restrictions: Restrictions;
}

export type Viewer = AccountKeyViewer | OrganizationKeyViewer | PersonalTokenViewer | AccessTokenViewer;

/**
 * Management scopes of the Core API for credentials confined to an organization. They are
 * ordinary resource:action scopes, held by the key, the token, or the user's membership.
 */
export const MANAGEMENT_SCOPES = {
  'org:read': 'Read the organization.',
  'org:write': 'Update the organization.',
  'members:read': 'Read members and their users and agents.',
  'members:write': 'Add, change and remove members.',
  'invitations:read': 'Read invitations.',
  'invitations:write': 'Create and revoke invitations.',
  'api-keys:read': "Read the organization's API keys.",
  'api-keys:write': 'Create and revoke organization API keys (never with more scopes than the caller holds).',
  'events:read': "Read the organization's events.",
} as const;

export type ManagementScope = keyof typeof MANAGEMENT_SCOPES;

/** True when the viewer may use `scope`: account keys may do anything in their account. */
export function holds(viewer: Viewer, scope: string): boolean {
  return viewer.kind === 'account_api_key' || viewer.scopes.includes(scope);
}

/** What an event records as the actor of a change. */
export interface Actor {
  type: 'api_key' | 'personal_token' | 'access_token' | 'agent' | 'client' | 'user' | 'system';
  id: string | null;
  /** with an agent acting for a user (token exchange): the user */
  onBehalfOf?: string | null;
}

/**
 * Who a change is recorded for when no credential made it: the account the event belongs to and
 * its actor (a person accepting an invitation on the hosted page is `{ type: 'user' }`).
 */
export interface EventOrigin {
  accountId: string;
  actor: Actor;
}

/** The origin of a change made by `by`: a viewer (its account and `actorOf`), or an explicit origin. */
export function originOf(by: Viewer | EventOrigin): EventOrigin {
  return 'kind' in by ? { accountId: by.accountId, actor: actorOf(by) } : by;
}

export function actorOf(viewer: Viewer): Actor {
  switch (viewer.kind) {
    case 'account_api_key':
      // an operator acts as their own sign-in (the person, as with a user's access token)
      return viewer.operator ? { type: 'access_token', id: viewer.operator.userId } : { type: 'api_key', id: viewer.credentialId };
    case 'organization_api_key':
      return { type: 'api_key', id: viewer.credentialId };
    case 'personal_token':
      return { type: 'personal_token', id: viewer.credentialId };
    case 'access_token':
      // a delegated token (RFC 8693): the agent acted, for the user in `sub`
      return viewer.actorId
        ? { type: 'agent', id: viewer.actorId, onBehalfOf: viewer.subject }
        : { type: 'access_token', id: viewer.subject };
  }
}
