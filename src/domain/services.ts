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
  // Their caches are cleared by the events of the changes that stale them (cache-invalidation.ts).
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
    revokedTokens: createRevokedTokenService(deps),
    memberships,
    invitations,
    apiKeys,
    personalTokens,
    webhooks: createWebhookService(deps),
    idempotency: createIdempotencyService({ prisma: deps.prisma, clock: deps.clock, ttlMs: deps.config.idempotencyTtlMs, sealer: deps.sealer, hmacKey: deps.sealer.deriveKey('idempotency request hash') }),
  };
}

export type Services = ReturnType<typeof createServices>;
