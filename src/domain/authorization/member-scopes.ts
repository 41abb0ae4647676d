/**
 * What a user or agent holds in an organization now, read from live state: one query, shared by
 * live access-token grants (./live.ts) and creator authority (./creator.ts).
 * @module
 */
import type { PrismaClient } from '../../data/database.js';

/**
 * The scopes a user or agent holds in an organization now: its active membership's (for an agent
 * ∩ the agent's own scopes), while membership, organization and member are active; null when it
 * holds nothing there. `issuerId`, when given, must be the organization's issuer.
 */
export async function memberScopes(
  prisma: PrismaClient,
  organizationId: string,
  member: { userId: string } | { agentId: string },
  issuerId?: string,
): Promise<string[] | null> {
  const m = await prisma.membership.findFirst({
    where: {
      organizationId,
      status: 'active',
      organization: { status: 'active', ...(issuerId ? { issuerId } : {}) },
      ...('userId' in member
        ? { userId: member.userId, user: { status: 'active' } }
        : { agentId: member.agentId, agent: { status: 'active' } }),
    },
    select: { scopes: true, agent: { select: { scopes: true } } },
  });
  if (!m) return null;
  return m.agent ? m.scopes.filter((s) => m.agent!.scopes.includes(s)) : m.scopes;
}
