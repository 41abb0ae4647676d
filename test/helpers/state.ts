/**
 * Untyped GraphQL calls for plain-string documents, and snapshots of "what the database holds"
 * (row counts through Prisma, totalCounts and the event trail through GraphQL) so tests can assert
 * that a refused request changed nothing.
 *
 * Documents in tests that use these helpers are plain template strings on purpose: the codegen
 * scanner only picks up `graphql(...)` calls, gql tags and GraphQL comments.
 */
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { GraphQLClient, GraphQLResponse } from './graphql.js';
import type { TestServer } from './server.js';

/** The data of an untyped document: tests read it by path and assert on it. */
export type Data = any;
export type Vars = Record<string, unknown>;

/** Sends a plain-string document; returns status, headers, data and errors as they came. */
export function send(
  client: GraphQLClient,
  doc: string,
  variables?: Vars,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<Data>> {
  return client.raw<Data, Vars | undefined>(doc, variables, headers);
}

/** Sends a plain-string document and returns its data, failing on any GraphQL error. */
export function ask(client: GraphQLClient, doc: string, variables?: Vars, headers?: Record<string, string>): Promise<Data> {
  return client.request<Data, Vars | undefined>(doc, variables, headers);
}

/** Posts a raw body to /graphql and returns the status, headers and the body text untouched. */
export async function postText(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Row counts of every table the Core API writes, read straight from the database. */
export async function dbCounts(app: App): Promise<Record<string, number>> {
  const p = app.db.prisma;
  return {
    accounts: await p.account.count(),
    issuers: await p.issuer.count(),
    organizations: await p.organization.count(),
    organizationDomains: await p.organizationDomain.count(),
    users: await p.user.count(),
    agents: await p.agent.count(),
    clients: await p.client.count(),
    memberships: await p.membership.count(),
    invitations: await p.invitation.count(),
    apiKeys: await p.apiKey.count(),
    events: await p.event.count(),
  };
}

const EVENTS_PAGE = `
  query StateEventsPage($after: String) {
    events(first: 100, after: $after) {
      edges { node { id type subject } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** Every event visible through GraphQL, newest first (the trail is small in tests). */
export async function allEvents(client: GraphQLClient): Promise<{ id: string; type: string; subject: string | null }[]> {
  const out: { id: string; type: string; subject: string | null }[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: Data = await ask(client, EVENTS_PAGE, { after });
    out.push(...data.events.edges.map((e: Data) => e.node));
    if (!data.events.pageInfo.hasNextPage) return out;
    after = data.events.pageInfo.endCursor;
  }
  throw new Error('more than 10 000 events: not a test database');
}

/** Events of the given types through GraphQL (filter by type). */
export async function eventsOfType(
  client: GraphQLClient,
  ...types: string[]
): Promise<{ id: string; type: string; subject: string | null; organizationId: string | null; data: Data }[]> {
  const data: Data = await ask(
    client,
    `query StateEventsOfType($types: [String!]) {
      events(first: 100, filter: { types: $types }) { edges { node { id type subject organizationId data } } }
    }`,
    { types },
  );
  return data.events.edges.map((e: Data) => e.node);
}

const ISSUER_COUNTS = `
  query StateIssuerCounts {
    issuers(first: 100) {
      totalCount
      edges { node { id users(first: 1) { totalCount } clients(first: 1) { totalCount } agents(first: 1) { totalCount } organizations(first: 1) { totalCount } } }
    }
  }
`;

const ORGANIZATION_COUNTS = `
  query StateOrganizationCounts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Organization { id status slug name memberLimit members(first: 1) { totalCount } invitations(first: 1) { totalCount } domains { domain } }
    }
  }
`;

/** What GraphQL shows: totalCounts per issuer, and per organization (ids listed from the database). */
export async function graphCounts(client: GraphQLClient, app: App): Promise<Data> {
  const issuers = await ask(client, ISSUER_COUNTS);
  const ids = (await app.db.prisma.organization.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((o) => o.id);
  const organizations: Data[] = [];
  for (let i = 0; i < ids.length; i += 50)
    organizations.push(...(await ask(client, ORGANIZATION_COUNTS, { ids: ids.slice(i, i + 50) })).nodes);
  return { issuers, organizations };
}

export interface StateOptions {
  /** also read totalCounts through GraphQL (needs a depth limit of at least 5) */
  graph?: boolean;
}

/** A snapshot of the whole visible state: database counts, GraphQL counts and the event trail. */
export async function snapshotState(server: TestServer, { graph = true }: StateOptions = {}) {
  return {
    db: await dbCounts(server.app),
    graph: graph ? await graphCounts(server.gql, server.app) : null,
    events: (await allEvents(server.gql)).map((e) => e.id),
  };
}

/** Runs `fn` and asserts that nothing in the database or in the event trail changed. */
export async function expectUnchanged<T>(server: TestServer, fn: () => Promise<T>, options: StateOptions = {}): Promise<T> {
  const before = await snapshotState(server, options);
  const result = await fn();
  const after = await snapshotState(server, options);
  expect(after).toEqual(before);
  return result;
}

/** Asserts a typed error in a mutation result (and no GraphQL-level errors). */
export function expectTypedError(res: GraphQLResponse<Data>, field: string, typename: string, code: string): Data {
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  const result = res.data?.[field];
  expect(result).toMatchObject({ __typename: typename, code });
  expect(typeof result.message).toBe('string');
  return result;
}

/** Asserts a ValidationError naming exactly these input paths (in any order). */
export function expectValidation(res: GraphQLResponse<Data>, field: string, paths: string[]): Data {
  const result = expectTypedError(res, field, 'ValidationError', 'VALIDATION_FAILED');
  expect(result.fields.map((f: { path: string }) => f.path).sort()).toEqual([...paths].sort());
  for (const f of result.fields) expect(f.message).toEqual(expect.any(String));
  return result;
}

/** Asserts the masked form of an unexpected error: no detail, no stack, no SQL. */
export function expectMasked(res: GraphQLResponse<Data>, bodyText?: string): void {
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  const text = bodyText ?? JSON.stringify({ data: res.data, errors: res.errors });
  for (const leak of [
    'originalError',
    'stack',
    'injected fault',
    'prisma',
    'Prisma',
    'INSERT',
    'SELECT',
    'UPDATE "',
    'at async',
    '.ts:',
    'node_modules',
  ]) {
    expect(text).not.toContain(leak);
  }
}
