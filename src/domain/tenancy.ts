/**
 * Row-level tenancy: the Prisma `where` fragments that confine every read to what the viewer's
 * account owns. Objects of other tenants are filtered out, so they look exactly like missing ones.
 * @module
 */
import type { Prisma } from '../generated/prisma/client.js';
import type { Viewer } from './viewer.js';

export const visible = {
  issuer: (v: Viewer): Prisma.IssuerWhereInput => ({ accountId: v.accountId }),
  organization: (v: Viewer): Prisma.OrganizationWhereInput => ({ issuer: { accountId: v.accountId } }),
  user: (v: Viewer): Prisma.UserWhereInput => ({ issuer: { accountId: v.accountId } }),
  client: (v: Viewer): Prisma.ClientWhereInput => ({ issuer: { accountId: v.accountId } }),
  agent: (v: Viewer): Prisma.AgentWhereInput => ({ issuer: { accountId: v.accountId } }),
  membership: (v: Viewer): Prisma.MembershipWhereInput => ({ organization: { issuer: { accountId: v.accountId } } }),
  invitation: (v: Viewer): Prisma.InvitationWhereInput => ({ organization: { issuer: { accountId: v.accountId } } }),
  apiKey: (v: Viewer): Prisma.ApiKeyWhereInput => ({ accountId: v.accountId }),
  event: (v: Viewer): Prisma.EventWhereInput => ({ accountId: v.accountId }),
} as const;
