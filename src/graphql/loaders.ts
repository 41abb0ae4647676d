/**
 * Every DataLoader of the graph, in one place: one set per request (`ctx.loaders`, made with the
 * request's context and dropped with it), each loader made on first use.
 *
 * - Single-object relations (membership → user, organization → issuer, delivery → event, …):
 *   every parent in a response shares one `WHERE id IN (…)` query (`rowsById`).
 * - One-to-many relations (organization → domains, delivery → attempts): one query for every
 *   parent, grouped by parent (`rowsByParent`).
 * - Loaders whose batch depends on more than the key (the pages of graphql/keyset.ts: one loader
 *   per page shape): `keyed(name, batch)` gives the request's loader of that name.
 *
 * Each loader applies the kernel's visibility rule of its type (domain/authorization): a related
 * object the viewer may not see loads as null, exactly as through `node`.
 *
 * Pothos' dataloader plugin is not used: these loaders need the request's viewer for the rule
 * above, and keyset pages need loaders keyed by page shape, which the plugin's loadable objects
 * do not give; a plain per-request set does both.
 * @module
 */
import DataLoader from 'dataloader';
import type { PrismaClient } from '../data/database.js';
import type { Event, OrganizationDomain, WebhookAttempt, WebhookEndpoint } from '../generated/prisma/client.js';
import type { Viewer } from '../domain/viewer.js';
import { visible } from '../domain/authorization/visibility.js';

/** A batch function answering each id with its row, or null when `fetch` did not return it. */
export function rowsById<T extends { id: string }>(fetch: (ids: string[]) => Promise<T[]>) {
  return async (ids: readonly string[]): Promise<(T | null)[]> => {
    const rows = new Map((await fetch([...ids])).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  };
}

/** A batch function answering each parent id with its rows (in the order `fetch` returned them). */
export function rowsByParent<T>(fetch: (parentIds: string[]) => Promise<T[]>, parentOf: (row: T) => string) {
  return async (parentIds: readonly string[]): Promise<T[][]> => {
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of await fetch([...parentIds])) groups.get(parentOf(row))?.push(row);
    return parentIds.map((id) => groups.get(id)!);
  };
}

/** The loaders of one request (see the module comment). */
export function createLoaders(prisma: PrismaClient, viewer: Viewer) {
  const made = new Map<string, DataLoader<string, unknown>>();
  /** The request's loader `name`, made with `batch` on first use. */
  function keyed<V>(name: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = made.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(batch);
      made.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
  const byId = <T extends { id: string }>(name: string, fetch: (ids: string[]) => Promise<T[]>) => keyed(name, rowsById(fetch));

  return {
    keyed,
    get issuer() {
      return byId('issuer', (ids) => prisma.issuer.findMany({ where: { id: { in: ids }, AND: [visible.issuer(viewer)] } }));
    },
    get organization() {
      return byId('organization', (ids) =>
        prisma.organization.findMany({ where: { id: { in: ids }, AND: [visible.organization(viewer)] } }),
      );
    },
    get user() {
      return byId('user', (ids) => prisma.user.findMany({ where: { id: { in: ids }, AND: [visible.user(viewer)] } }));
    },
    get agent() {
      return byId('agent', (ids) => prisma.agent.findMany({ where: { id: { in: ids }, AND: [visible.agent(viewer)] } }));
    },
    get client() {
      return byId('client', (ids) => prisma.client.findMany({ where: { id: { in: ids }, AND: [visible.client(viewer)] } }));
    },
    get event() {
      return byId<Event>('event', (ids) => prisma.event.findMany({ where: { id: { in: ids }, AND: [visible.event(viewer)] } }));
    },
    get webhookEndpoint() {
      return byId<WebhookEndpoint>('webhookEndpoint', (ids) =>
        prisma.webhookEndpoint.findMany({ where: { id: { in: ids }, AND: [visible.webhookEndpoint(viewer)] } }),
      );
    },
    /** an organization's domains, alphabetical (they are read with their organization: its rule applies) */
    get domainsOfOrganization() {
      return keyed(
        'domainsOfOrganization',
        rowsByParent<OrganizationDomain>(
          (ids) => prisma.organizationDomain.findMany({ where: { organizationId: { in: ids } }, orderBy: { domain: 'asc' } }),
          (d) => d.organizationId,
        ),
      );
    },
    /** a delivery's attempts, oldest first (read with their delivery: its rule applies) */
    get attemptsOfDelivery() {
      return keyed(
        'attemptsOfDelivery',
        rowsByParent<WebhookAttempt>(
          (ids) => prisma.webhookAttempt.findMany({ where: { deliveryId: { in: ids } }, orderBy: { id: 'asc' } }),
          (a) => a.deliveryId,
        ),
      );
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** For required relations: a missing row is a broken invariant, not a "not found". */
export async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const row = await value;
  if (row === null) throw new Error(`${what} is missing`);
  return row;
}
