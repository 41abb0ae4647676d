/**
 * Per-request DataLoaders for the single-object relations of the graph (membership → user,
 * organization → issuer, …): every parent in a response shares one `WHERE id IN (…)` query.
 * Each loader applies the kernel's visibility rule of its type (domain/authorization): a related
 * object the viewer may not see loads as null, exactly as through `node`.
 * @module
 */
import DataLoader from 'dataloader';
import type { PrismaClient } from '../data/database.js';
import type { OrganizationDomain } from '../generated/prisma/client.js';
import type { Viewer } from '../domain/viewer.js';
import { visible } from '../domain/authorization/visibility.js';

function byId<T extends { id: string }>(fetch: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await fetch([...ids])).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

export function createLoaders(prisma: PrismaClient, viewer: Viewer) {
  return {
    issuer: byId((ids) => prisma.issuer.findMany({ where: { id: { in: ids }, AND: [visible.issuer(viewer)] } })),
    organization: byId((ids) => prisma.organization.findMany({ where: { id: { in: ids }, AND: [visible.organization(viewer)] } })),
    user: byId((ids) => prisma.user.findMany({ where: { id: { in: ids }, AND: [visible.user(viewer)] } })),
    agent: byId((ids) => prisma.agent.findMany({ where: { id: { in: ids }, AND: [visible.agent(viewer)] } })),
    client: byId((ids) => prisma.client.findMany({ where: { id: { in: ids }, AND: [visible.client(viewer)] } })),
    domainsOfOrganization: new DataLoader<string, OrganizationDomain[]>(async (organizationIds) => {
      const rows = await prisma.organizationDomain.findMany({ where: { organizationId: { in: [...organizationIds] } }, orderBy: { domain: 'asc' } });
      return organizationIds.map((id) => rows.filter((d) => d.organizationId === id));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** For required relations: a missing row is a broken invariant, not a "not found". */
export async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const row = await value;
  if (row === null) throw new Error(`${what} is missing`);
  return row;
}
