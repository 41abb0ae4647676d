/** The composition of domain services (built once per app in the composition root). @module */
import type { ServiceDeps } from './deps.js';
import { createIssuerService } from './issuers.js';
import { createClientService } from './clients.js';
import { createOrganizationService } from './organizations.js';
import { createUserService } from './users.js';
import { createMembershipService } from './memberships.js';
import { createInvitationService } from './invitations.js';
import { createApiKeyService } from './api-keys.js';
import { createIdempotencyService } from './idempotency.js';
import { createSigningKeyStore, createSigningKeyService } from './signing-keys.js';
import { createAgentService } from './agents.js';
import { createPrincipalDirectory } from './principals.js';
import { createPersonalTokenService } from './personal-tokens.js';
import { createCredentialService } from './credentials.js';
import { createSessionService } from './sessions.js';
import { createRevokedTokenService } from './revoked-tokens.js';
import { createDelegationService } from './delegations.js';
import { createBackchannelStore } from './backchannel.js';
import { createWebhookService } from '../webhooks/service.js';
import { createLiveGrants } from './authorization/live.js';

export function createServices(deps: ServiceDeps) {
  const signingKeys = createSigningKeyStore(deps);
  const issuers = createIssuerService(deps, signingKeys);
  const organizations = createOrganizationService(deps, issuers);
  const users = createUserService(deps, issuers);
  const memberships = createMembershipService(deps, organizations);
  const principals = createPrincipalDirectory(deps);
  const clients = createClientService(deps, issuers, signingKeys);
  const apiKeys = createApiKeyService(deps);
  const liveGrants = createLiveGrants(deps);
  const sessions = createSessionService(deps);
  const personalTokens = createPersonalTokenService(deps);
  const agents = createAgentService(deps, issuers);
  const invitations = createInvitationService(deps, organizations, memberships, users);
  // A change that may take authority away clears this node's cached clients, key rows and live
  // grants as soon as it returns (all three: they are 5-second caches, clearing is cheap); other
  // nodes clear theirs when its event reaches them on the bus (app.ts).
  const clearingCaches =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await change(...args);
      principals.invalidate();
      apiKeys.invalidate();
      liveGrants.invalidate();
      return result;
    };
  clients.rotateSecret = clearingCaches(clients.rotateSecret);
  clients.update = clearingCaches(clients.update);
  organizations.suspend = clearingCaches(organizations.suspend);
  organizations.reactivate = clearingCaches(organizations.reactivate);
  organizations.delete = clearingCaches(organizations.delete);
  memberships.create = clearingCaches(memberships.create);
  memberships.update = clearingCaches(memberships.update);
  memberships.delete = clearingCaches(memberships.delete);
  invitations.accept = clearingCaches(invitations.accept);
  invitations.acceptAsUser = clearingCaches(invitations.acceptAsUser);
  invitations.acceptBySignUp = clearingCaches(invitations.acceptBySignUp);
  users.update = clearingCaches(users.update);
  users.delete = clearingCaches(users.delete);
  agents.update = clearingCaches(agents.update);
  sessions.revokeSession = clearingCaches(sessions.revokeSession);
  sessions.revokeUserSessions = clearingCaches(sessions.revokeUserSessions);
  sessions.revokeOrganizationSessions = clearingCaches(sessions.revokeOrganizationSessions);
  personalTokens.revoke = clearingCaches(personalTokens.revoke);
  const revokedTokens = createRevokedTokenService(deps);
  return {
    signingKeys,
    signingKeyRotation: createSigningKeyService(deps, issuers, signingKeys),
    agents,
    principals,
    /** what access tokens' principals hold now (domain/authorization/live.ts) */
    liveGrants,
    issuers,
    clients,
    organizations,
    users,
    credentials: createCredentialService(deps, users),
    sessions,
    revokedTokens,
    /** users' consents that agents act for them (token exchange, CIBA) */
    delegations: createDelegationService(deps, revokedTokens),
    /** CIBA requests (src/oauth/ciba/) */
    backchannel: createBackchannelStore(deps),
    memberships,
    invitations,
    apiKeys,
    personalTokens,
    webhooks: createWebhookService(deps),
    idempotency: createIdempotencyService({ prisma: deps.prisma, clock: deps.clock, ttlMs: deps.config.idempotencyTtlMs, sealer: deps.sealer, hmacKey: deps.sealer.deriveKey('idempotency request hash') }),
  };
}

export type Services = ReturnType<typeof createServices>;
