/** The child connections of the graph: which table, under which parent column, in which order. @module */
import type { ChildSpec } from './keyset.js';
import type { Agent, ApiKey, Client, Invitation, Membership, Organization, User, WebhookDelivery } from '../generated/prisma/client.js';

const asc = 'asc' as const;

export const MEMBERS_OF_ORGANIZATION: ChildSpec<Membership> = {
  name: 'organization.members',
  kind: 'membership',
  table: '"Membership"',
  parentColumn: '"organizationId"',
  direction: asc,
};

export const MEMBERSHIPS_OF_USER: ChildSpec<Membership> = {
  ...MEMBERS_OF_ORGANIZATION,
  name: 'user.memberships',
  parentColumn: '"userId"',
};
export const MEMBERSHIPS_OF_AGENT: ChildSpec<Membership> = {
  ...MEMBERS_OF_ORGANIZATION,
  name: 'agent.memberships',
  parentColumn: '"agentId"',
};

export const INVITATIONS_OF_ORGANIZATION: ChildSpec<Invitation> = {
  name: 'organization.invitations',
  kind: 'invitation',
  table: '"Invitation"',
  parentColumn: '"organizationId"',
  direction: asc,
};

export const ORGANIZATIONS_OF_ISSUER: ChildSpec<Organization> = {
  name: 'issuer.organizations',
  kind: 'organization',
  table: '"Organization"',
  parentColumn: '"issuerId"',
  direction: asc,
};

export const USERS_OF_ISSUER: ChildSpec<User> = {
  name: 'issuer.users',
  kind: 'user',
  table: '"User"',
  parentColumn: '"issuerId"',
  direction: asc,
};

export const CLIENTS_OF_ISSUER: ChildSpec<Client> = {
  name: 'issuer.clients',
  kind: 'client',
  table: '"Client"',
  parentColumn: '"issuerId"',
  direction: asc,
};

export const AGENTS_OF_ISSUER: ChildSpec<Agent> = {
  name: 'issuer.agents',
  kind: 'agent',
  table: '"Agent"',
  parentColumn: '"issuerId"',
  direction: asc,
};

export const API_KEYS_OF_ORGANIZATION: ChildSpec<ApiKey> = {
  name: 'organization.apiKeys',
  kind: 'apiKey',
  table: '"ApiKey"',
  parentColumn: '"organizationId"',
  direction: asc,
};

export const ACCOUNT_API_KEYS: ChildSpec<ApiKey> = { ...API_KEYS_OF_ORGANIZATION, name: 'account.apiKeys', parentColumn: '"accountId"' };

/** Reads the lazily loaded total count that `childConnection` puts on a connection. */
export const totalCountOf = (connection: object) => (connection as { totalCount: () => Promise<number> }).totalCount();

export const DELIVERIES_OF_WEBHOOK_ENDPOINT: ChildSpec<WebhookDelivery> = {
  name: 'webhookEndpoint.deliveries',
  kind: 'webhookDelivery',
  table: '"WebhookDelivery"',
  parentColumn: '"endpointId"',
  direction: 'desc',
};
