/**
 * Issue 9 acceptance: the visibility matrix, GENERATED FROM THE SCHEMA. Every Node type × every
 * credential kind of tenant A × every read path: objects of organization B (same issuer) and of
 * issuer 2 are invisible, and "exists elsewhere" answers exactly like "does not exist"
 * (KERNEL-SPEC "Visibility").
 *
 * Nothing here lists types or fields by hand: the schema is introspected from the running server,
 * lookups by id are every Query field taking one required ID (node, organization, issuer, …) plus
 * `nodes`, and the crawler walks every field that returns an object, a list or a connection from
 * every root field it can call, then follows every id it saw through `nodes` until closure. A new
 * type or field joins the matrix without anyone writing a test; a new Node type without a seeded
 * foreign object fails the coverage check below until test/helpers/tenants.ts seeds one.
 *
 * Violations are collected per (credential, type, path) and asserted once, so a failure lists all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { ask } from './helpers/state.js';
import {
  adminMutate,
  clientCredentialsToken,
  credentialsOfA,
  gqlAs,
  recordEvents,
  seedWorld,
  type Credential,
  type Owner,
  type World,
} from './helpers/tenants.js';
import { newId, ID_PREFIXES, type IdKind } from '../src/lib/ids.js';

/** entity hops from a root field (Connection/Edge wrappers do not count) */
const ROOT_DEPTH = 3;
/** entity hops when following an id through `nodes` */
const FOLLOW_DEPTH = 2;
const PAGE = 50;
/** Node types no foreign object can exist for on one test server (one account per server). */
/** KERNEL-SPEC "Visibility": types only account keys see, even in the credential's own organization. */
const ACCOUNT_ONLY_TYPES = ['Client', 'WebhookEndpoint', 'WebhookDelivery', 'SigningKey'];
const NO_FOREIGN_OBJECT: Record<string, string> = { Account: 'a test server has one account: "another account" cannot be seeded here' };

interface Violation {
  credential: string;
  type: string;
  path: string;
  detail: string;
}

let server: TestServer;
let world: World;
let schema: GraphQLSchema;
let credentials: Credential[];
const isWrapper = (t: GraphQLNamedType) => /(Connection|Edge)$/.test(t.name) || t.name === 'PageInfo';
let nodeTypeCache: string[] | null = null;
const nodeTypes = () =>
  (nodeTypeCache ??= schema.getType('Node')
    ? schema
        .getPossibleTypes(schema.getType('Node') as never)
        .map((t) => t.name)
        .sort()
    : []);
const prefixOf = (id: string) => id.slice(0, id.lastIndexOf('_'));
const kindOfPrefix = new Map<string, IdKind>(Object.entries(ID_PREFIXES).map(([kind, prefix]) => [prefix as string, kind as IdKind]));
const fakeIdLike = (id: string) => newId(kindOfPrefix.get(prefixOf(id))!);

let aliasCounter = 0;
/** alias → the (type, field) it selects, for ID-typed leaves */
const idAliases = new Map<string, { parent: string; field: string }>();

/** Arguments to pass: `first` on connections; fields with other required arguments are skipped (null). */
function argsFor(field: GraphQLField<unknown, unknown>): string | null {
  const parts: string[] = [];
  for (const arg of field.args) {
    if (arg.name === 'first') parts.push(`first: ${PAGE}`);
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) return null;
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/**
 * The selection set of a type down to `depth` entity hops: `__typename`, every ID-typed leaf, and
 * every object-returning field (each aliased by type and field so fragments never conflict).
 */
function selection(type: GraphQLNamedType, depth: number): string {
  if (isAbstractType(type)) {
    const parts = schema.getPossibleTypes(type).map((t) => `... on ${t.name} { ${selection(t, depth)} }`);
    return `__typename ${parts.join(' ')}`;
  }
  if (!isObjectType(type)) return '';
  const parts = ['__typename'];
  for (const field of Object.values((type as GraphQLObjectType).getFields())) {
    const named = getNamedType(field.type);
    const args = argsFor(field);
    if (args === null) continue;
    const alias = `${field.name}_${type.name}_${(aliasCounter++).toString(36)}`;
    if (isLeafType(named)) {
      if (named.name === 'ID') {
        idAliases.set(alias, { parent: type.name, field: field.name });
        parts.push(`${alias}: ${field.name}${args}`);
      }
      continue;
    }
    const next = isWrapper(named) ? depth : depth - 1;
    if (next < 0) continue;
    const inner = selection(named, next);
    if (inner) parts.push(`${alias}: ${field.name}${args} { ${inner} }`);
  }
  return parts.join(' ');
}

interface Seen {
  id: string;
  /** the type of the object holding the ID field, and the field */
  parent: string;
  field: string;
  /** where in the response: root field › … */
  path: string;
}

/** Every ID-typed value in a response, with where it was found. */
function collectIds(value: unknown, path: string, out: Seen[]): void {
  if (Array.isArray(value)) return value.forEach((v) => collectIds(v, path, out));
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  const typename = typeof obj.__typename === 'string' ? obj.__typename : '?';
  for (const [key, v] of Object.entries(obj)) {
    const id = idAliases.get(key);
    if (id && typeof v === 'string') out.push({ id: v, parent: typename, field: id.field, path: `${path}.${id.field}` });
    else if (v && typeof v === 'object') {
      const field = key.split('_')[0]!;
      const wrapper = field === 'edges' || field === 'node' ? '' : `.${field}`;
      collectIds(v, `${path}${typename !== '?' && wrapper ? `(${typename})` : ''}${wrapper}`, out);
    }
  }
}

/** Why `owner` is foreign to tenant A, or null when it is A's (or the account's). */
function foreignReason(owner: Owner | undefined): string | null {
  if (!owner) return null;
  const { A, issuer1 } = world;
  if (ACCOUNT_ONLY_TYPES.includes(owner.type)) return `account keys only (KERNEL-SPEC Visibility) (${owner.label})`;
  if (owner.issuerId && owner.issuerId !== issuer1) return `belongs to issuer 2 (${owner.label})`;
  if (owner.organizationId && owner.organizationId !== A.organizationId) return `belongs to organization B (${owner.label})`;
  if (!owner.issuerId && !owner.organizationId && owner.type !== 'Account')
    return `account-level object outside organization A (${owner.label})`;
  if (!owner.organizationId && owner.type !== 'Issuer') return `issuer-level object outside organization A (${owner.label})`;
  return null;
}

function judge(credential: string, seen: Seen[]): Violation[] {
  const violations: Violation[] = [];
  for (const s of seen) {
    const owner = world.owners.get(s.id);
    const reason = foreignReason(owner);
    if (!reason) continue;
    const visible = s.field === 'id' && nodeTypes().includes(s.parent);
    // an id in another object's field is a leak across tenants; for account-only types of the
    // credential's own organization only the object itself counts
    if (
      !visible &&
      ACCOUNT_ONLY_TYPES.includes(owner!.type) &&
      owner!.issuerId === world.issuer1 &&
      owner!.organizationId === world.A.organizationId
    )
      continue;
    const how = visible ? 'visible' : `referenced by ${s.parent}.${s.field}`;
    violations.push({ credential, type: owner!.type, path: s.path, detail: `${s.id} ${how}: ${reason}` });
  }
  return violations;
}

function report(list: Violation[]): string[] {
  const keyed = new Map<string, string[]>();
  for (const v of list) {
    const key = `${v.credential} × ${v.type} × ${v.path}`;
    keyed.set(key, [...(keyed.get(key) ?? []), v.detail]);
  }
  return [...keyed.entries()].map(([key, details]) => `${key}: ${details.length} leak(s), e.g. ${details[0]}`).sort();
}

/** Ids of seeded objects foreign to tenant A, by type name. */
function foreignByType(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, owner] of world.owners) {
    if (!foreignReason(owner) || !kindOfPrefix.has(prefixOf(id))) continue;
    out.set(owner.type, [...(out.get(owner.type) ?? []), id]);
  }
  return out;
}

/** Query fields with exactly one required argument of type ID!: lookups by id. */
function lookupFields(): GraphQLField<unknown, unknown>[] {
  const query = schema.getQueryType()!;
  return Object.values(query.getFields()).filter((f) => {
    const required = f.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    return required.length === 1 && String(required[0]!.type) === 'ID!' && !isLeafType(getNamedType(f.type));
  });
}

/** Replaces every occurrence of `from` by a placeholder, so two answers can be compared. */
const neutral = (value: unknown, ids: Map<string, string>) => {
  let text = JSON.stringify(value ?? null);
  for (const [id, placeholder] of ids) text = text.split(id).join(placeholder);
  return JSON.parse(text);
};

beforeAll(async () => {
  server = await startServer({
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    GRAPHQL_MAX_DEPTH: '64',
    GRAPHQL_MAX_COST: '1000000000000',
    GRAPHQL_MAX_TOKENS: '1000000',
    GRAPHQL_MAX_ALIASES: '1000000',
  });
  world = await seedWorld(server);
  credentials = await credentialsOfA(server, world);
  await recordEvents(server, world.owners);
  const introspection = await ask(server.gql, getIntrospectionQuery());
  schema = buildClientSchema(introspection);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function lookupCheck(credentials: Credential[]): Promise<Violation[]> {
  const local: Violation[] = [];
  const foreign = foreignByType();
  const nodeTypeNames = new Set(nodeTypes());
  for (const credential of credentials) {
    for (const field of lookupFields()) {
      const returns = getNamedType(field.type);
      const accepts = new Set(isAbstractType(returns) ? schema.getPossibleTypes(returns).map((t) => t.name) : [returns.name]);
      const argName = field.args.find((a) => isNonNullType(a.type))!.name;
      const targets = [...foreign.entries()]
        .filter(([type]) => accepts.has(type) && nodeTypeNames.has(type))
        .flatMap(([type, ids]) => ids.map((id) => ({ type, id })));
      if (!targets.length) continue;
      const sel = selection(returns, 1);
      const fakes = new Map(targets.map((t) => [t.id, fakeIdLike(t.id)]));
      const doc = (ids: string[]) =>
        `query MatrixLookup { ${ids.map((id, i) => `f${i}: ${field.name}(${argName}: ${JSON.stringify(id)}) { ...Looked }`).join(' ')} } fragment Looked on ${returns.name} { ${sel} }`;
      const real = await gqlAs(server, credential.authorization, doc(targets.map((t) => t.id)));
      const fake = await gqlAs(server, credential.authorization, doc(targets.map((t) => fakes.get(t.id)!)));
      if (!real.data || !fake.data)
        throw new Error(
          `the generated lookup query failed for ${credential.name}: ${JSON.stringify(real.errors ?? fake.errors).slice(0, 500)}`,
        );
      const placeholders = new Map<string, string>();
      targets.forEach((t, i) => (placeholders.set(t.id, `<id${i}>`), placeholders.set(fakes.get(t.id)!, `<id${i}>`)));
      targets.forEach((t, i) => {
        const realAnswer = neutral(
          { data: real.data?.[`f${i}`], errors: (real.errors ?? []).filter((e) => e.path?.[0] === `f${i}`) },
          placeholders,
        );
        const fakeAnswer = neutral(
          { data: fake.data?.[`f${i}`], errors: (fake.errors ?? []).filter((e) => e.path?.[0] === `f${i}`) },
          placeholders,
        );
        if (JSON.stringify(realAnswer) !== JSON.stringify(fakeAnswer) || realAnswer.data !== null) {
          local.push({
            credential: credential.name,
            type: t.type,
            path: `${field.name}(${argName})`,
            detail: `${t.id} (${world.owners.get(t.id)!.label}) → ${JSON.stringify(realAnswer).slice(0, 300)}; nonexistent → ${JSON.stringify(fakeAnswer).slice(0, 200)}`,
          });
        }
      });
      if (real.status !== fake.status)
        local.push({
          credential: credential.name,
          type: '*',
          path: `${field.name}(${argName})`,
          detail: `HTTP ${real.status} for foreign ids, ${fake.status} for nonexistent ones`,
        });
    }
    // nodes(ids): every foreign object at once, against as many nonexistent ids
    const targets = [...foreign.entries()]
      .filter(([type]) => nodeTypeNames.has(type))
      .flatMap(([type, ids]) => ids.map((id) => ({ type, id })));
    const sel = selection(schema.getType('Node')!, 1);
    const doc = `query MatrixNodes($ids: [ID!]!) { nodes(ids: $ids) { ${sel} } }`;
    const fakes = targets.map((t) => fakeIdLike(t.id));
    const real = await gqlAs(server, credential.authorization, doc, { ids: targets.map((t) => t.id) });
    const fake = await gqlAs(server, credential.authorization, doc, { ids: fakes });
    targets.forEach((t, i) => {
      const got = real.data?.nodes?.[i];
      const realErrors = (real.errors ?? []).filter((e) => e.path?.[1] === i).map((e) => e.message);
      const fakeErrors = (fake.errors ?? []).filter((e) => e.path?.[1] === i).map((e) => e.message);
      if (got !== null || fake.data?.nodes?.[i] !== null || JSON.stringify(realErrors) !== JSON.stringify(fakeErrors)) {
        local.push({
          credential: credential.name,
          type: t.type,
          path: 'nodes(ids)',
          detail: `${t.id} (${world.owners.get(t.id)!.label}) → ${JSON.stringify({ data: got, errors: realErrors }).slice(0, 300)}; nonexistent → ${JSON.stringify({ data: fake.data?.nodes?.[i], errors: fakeErrors })}`,
        });
      }
    });
  }
  return local;
}

async function crawlCheck(
  credentials: Credential[],
  rule: (credential: string, seen: Seen[]) => Violation[] = judge,
  expectOwnObjects = true,
): Promise<Violation[]> {
  const local: Violation[] = [];
  const query = schema.getQueryType()!;
  const own = { Organization: world.A.organizationId, Issuer: world.issuer1, WebhookEndpoint: world.A.webhookEndpointId } as Record<
    string,
    string
  >;
  for (const credential of credentials) {
    const seen: Seen[] = [];
    for (const field of Object.values(query.getFields())) {
      const named = getNamedType(field.type);
      if (isLeafType(named)) continue;
      let call = argsFor(field);
      if (call === null) {
        // a lookup by id: start from the credential's own object of that type (when there is one)
        const arg = field.args.find((a) => isNonNullType(a.type))!;
        const start =
          String(arg.type) === 'ID!' ? (own[named.name] ?? (named.name === 'Node' ? world.A.organizationId : undefined)) : undefined;
        const ids = String(arg.type) === '[ID!]!' ? [world.A.organizationId, world.A.userId, world.A.membershipId] : undefined;
        if (!start && !ids) continue;
        call = start ? `(${arg.name}: ${JSON.stringify(start)})` : `(${arg.name}: ${JSON.stringify(ids)})`;
      }
      const res = await gqlAs(
        server,
        credential.authorization,
        `query MatrixCrawl { root: ${field.name}${call} { ${selection(named, ROOT_DEPTH - 1)} } }`,
      );
      if (res.data === undefined)
        throw new Error(
          `the generated crawl query of ${field.name} failed for ${credential.name}: ${JSON.stringify(res.errors).slice(0, 500)}`,
        );
      collectIds(res.data?.root, field.name, seen);
    }
    // follow every id seen through nodes(ids) until nothing new turns up
    const followed = new Set<string>();
    const nodeSel = selection(schema.getType('Node')!, FOLLOW_DEPTH - 1);
    for (let round = 0; round < 6; round++) {
      const next = [...new Set(seen.map((s) => s.id))].filter((id) => !followed.has(id) && kindOfPrefix.has(prefixOf(id)));
      if (!next.length) break;
      for (let i = 0; i < next.length; i += 25) {
        const batch = next.slice(i, i + 25);
        batch.forEach((id) => followed.add(id));
        const res = await gqlAs(server, credential.authorization, `query MatrixFollow($ids: [ID!]!) { nodes(ids: $ids) { ${nodeSel} } }`, {
          ids: batch,
        });
        if (res.data === undefined)
          throw new Error(`the generated follow query failed for ${credential.name}: ${JSON.stringify(res.errors).slice(0, 500)}`);
        collectIds(res.data?.nodes, 'nodes(followed id)', seen);
      }
    }
    const before = local.length;
    local.push(...rule(credential.name, seen));
    if (
      expectOwnObjects &&
      local.length === before &&
      !seen.some((s) => s.field === 'id' && world.owners.get(s.id)?.organizationId === world.A.organizationId)
    ) {
      local.push({
        credential: credential.name,
        type: '-',
        path: '-',
        detail: 'the crawler saw none of organization A’s own objects: the credential or the crawler is broken',
      });
    }
  }
  return local;
}

describe('authorization matrix (generated from the schema)', () => {
  it('every Node type has a seeded object in another tenant, and the account key sees each of them (the seeds are real)', async () => {
    const foreign = foreignByType();
    const missing = nodeTypes().filter((t) => !foreign.has(t) && !NO_FOREIGN_OBJECT[t]);
    expect(missing, 'Node types without a foreign object: seed one in test/helpers/tenants.ts').toEqual([]);
    const all = [...foreign.values()].flat();
    const nodeTypeNames = new Set(nodeTypes());
    const nodeIds = all.filter((id) => nodeTypeNames.has(world.owners.get(id)!.type));
    const data = await ask(server.gql, `query MatrixControl($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: nodeIds });
    const invisibleToAdmin = nodeIds.filter((id, i) => data.nodes[i]?.id !== id);
    expect(invisibleToAdmin).toEqual([]);
  });

  it('(a) node, nodes and every lookup by id answer for another tenant’s object exactly as for a nonexistent id of the same type', async () => {
    expect(report(await lookupCheck(credentials))).toEqual([]);
  }, 180_000);

  it('(b) a crawler from every root field, walking every object, list and connection field, sees no id of another tenant', async () => {
    expect(report(await crawlCheck(credentials))).toEqual([]);
  }, 300_000);

  it('(d) credentials of organization A without management scopes see no object of A either (one read scope per type)', async () => {
    const { A, issuer1 } = world;
    const key = await adminMutate(
      server,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: A.organizationId, name: 'data only', scopes: ['invoices:read'] },
      'secret apiKey { id }',
    );
    const pat = await adminMutate(
      server,
      'createPersonalToken',
      'CreatePersonalTokenInput',
      { userId: A.userId, organizationId: A.organizationId, name: 'data only', scopes: ['invoices:read'] },
      'token',
    );
    const m2m = await adminMutate(
      server,
      'createClient',
      'CreateClientInput',
      { issuerId: issuer1, name: 'data only', type: 'M2M', organizationId: A.organizationId, scopes: ['invoices:read'] },
      'secret client { id }',
    );
    const m2mToken = await clientCredentialsToken(server, issuer1, { id: m2m.client.id, secret: m2m.secret });
    const narrow: Credential[] = [
      { name: 'org API key (invoices:read)', authorization: basic(key.apiKey.id, key.secret) },
      { name: 'personal token (invoices:read)', authorization: `Bearer ${pat.token as string}` },
      { name: 'M2M client token (invoices:read)', authorization: `Bearer ${m2mToken}` },
    ];
    const nodeTypeNames = new Set(nodeTypes());
    const anyNode = (credential: string, seen: Seen[]) =>
      seen
        .filter((s) => s.field === 'id' && nodeTypeNames.has(s.parent) && s.parent !== 'Account')
        .map((s) => ({
          credential,
          type: s.parent,
          path: s.path,
          detail: `${s.id} visible without its read scope (${world.owners.get(s.id)?.label ?? 'unseeded object'})`,
        }));
    expect(report(await crawlCheck(narrow, anyNode, false))).toEqual([]);
  }, 180_000);

  it('control: the same checks run as the account key (which sees the whole account) do find B and issuer 2', async () => {
    const admin = [{ name: 'account key', authorization: basic(server.keyId, server.keySecret) }];
    const lookups = report(await lookupCheck(admin));
    const crawled = report(await crawlCheck(admin));
    for (const type of nodeTypes().filter((t) => !NO_FOREIGN_OBJECT[t]))
      expect(
        lookups.some((l) => l.startsWith(`account key × ${type} × node(id)`)),
        type,
      ).toBe(true);
    for (const type of ['Organization', 'User', 'Membership', 'Issuer'])
      expect(
        crawled.some((l) => l.startsWith(`account key × ${type} × `)),
        type,
      ).toBe(true);
  }, 180_000);

  it('(c) the events query and the events subscription never deliver an event of another organization or issuer', async () => {
    const local: Violation[] = [];
    const { A, B, C, issuer2 } = world;
    const EVENT_PAGE = `query MatrixEvents($after: String, $filter: EventFilter) { events(first: 100, after: $after, filter: $filter) { edges { node { id type organizationId issuerId } } pageInfo { hasNextPage endCursor } } }`;
    const allEventsAs = async (authorization: string, filter: Record<string, unknown> | null) => {
      const out: { id: string; type: string; organizationId: string | null; issuerId: string | null }[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page++) {
        const res = await gqlAs(server, authorization, EVENT_PAGE, { after, filter });
        const conn = res.data?.events;
        if (!conn) return { out, errors: res.errors ?? [] };
        out.push(...conn.edges.map((e: any) => e.node));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      return { out, errors: [] as any[] };
    };
    const foreignEvent = (e: { id: string; organizationId: string | null; issuerId: string | null }) =>
      foreignReason(world.owners.get(e.id) ?? { type: 'Event', issuerId: e.issuerId, organizationId: e.organizationId, label: 'event' });

    for (const credential of credentials) {
      // the whole trail, and the trail filtered to another tenant (must answer as for a nonexistent one)
      const { out } = await allEventsAs(credential.authorization, null);
      for (const e of out) {
        const reason = foreignEvent(e);
        if (reason) local.push({ credential: credential.name, type: 'Event', path: 'events', detail: `${e.id} ${e.type}: ${reason}` });
      }
      for (const [label, filter, fake] of [
        ['events(filter: organizationId B)', { organizationId: B.organizationId }, { organizationId: newId('organization') }],
        ['events(filter: organizationId C)', { organizationId: C.organizationId }, { organizationId: newId('organization') }],
        ['events(filter: issuerId 2)', { issuerId: issuer2 }, { issuerId: newId('issuer') }],
        ['events(filter: subject B’s user)', { subject: B.userId }, { subject: newId('user') }],
      ] as const) {
        const real = await gqlAs(server, credential.authorization, EVENT_PAGE, { after: null, filter });
        const none = await gqlAs(server, credential.authorization, EVENT_PAGE, { after: null, filter: fake });
        const leaked = (real.data?.events?.edges ?? []).map((e: any) => e.node).filter((e: any) => foreignEvent(e));
        for (const e of leaked)
          local.push({ credential: credential.name, type: 'Event', path: label, detail: `${e.id} ${e.type}: ${foreignEvent(e)}` });
        const strip = (r: typeof real) => ({
          status: r.status,
          count: r.data?.events?.edges?.length ?? null,
          errors: (r.errors ?? []).map((e: any) => e.extensions?.code ?? e.message),
        });
        if (!leaked.length && JSON.stringify(strip(real)) !== JSON.stringify(strip(none))) {
          local.push({
            credential: credential.name,
            type: 'Event',
            path: label,
            detail: `answers ${JSON.stringify(strip(real))} for another tenant, ${JSON.stringify(strip(none))} for a nonexistent one`,
          });
        }
      }
    }

    // the stream: replay from the credential's oldest visible event, then live; one change in each tenant
    const STREAM = `subscription MatrixStream($after: ID) { events(after: $after) { id type organizationId issuerId } }`;
    const streams = await Promise.all(
      credentials.map(async (credential) => {
        const { out } = await allEventsAs(credential.authorization, null);
        const oldest = out.at(-1)?.id ?? null;
        const got: { id: string; type: string; organizationId: string | null; issuerId: string | null }[] = [];
        const errors: unknown[] = [];
        const client = createWsClient({
          url: `${server.url.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: credential.authorization },
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => {},
        });
        const stop = client.subscribe<{ events: (typeof got)[number] }>(
          { query: STREAM, variables: { after: oldest } },
          { next: (m) => (m.data ? got.push(m.data.events) : errors.push(m.errors)), error: (e) => errors.push(e), complete: () => {} },
        );
        return { credential, got, errors, client, stop };
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const marker = async (organizationId: string) =>
      (
        await adminMutate(
          server,
          'updateOrganization',
          'UpdateOrganizationInput',
          { id: organizationId, name: `stream ${Math.random().toString(36).slice(2)}` },
          'organization { id }',
        )
      ).organization.id;
    await marker(B.organizationId);
    await marker(C.organizationId);
    await adminMutate(server, 'updateMembership', 'UpdateMembershipInput', { id: B.membershipId, title: 'streamed' }, 'membership { id }');
    await marker(A.organizationId);
    await recordEvents(server, world.owners);
    const markerId = (
      await ask(
        server.gql,
        `query MatrixMarker($org: ID) { events(first: 1, filter: { organizationId: $org, types: ["organization.updated"] }) { edges { node { id } } } }`,
        { org: A.organizationId },
      )
    ).events.edges[0].node.id as string;
    // wait until each stream has A's marker (every credential here can see it; 15 s bounds a busy
    // machine, the control below fails when one never arrives), then a quiet moment
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && streams.some((s) => !s.got.some((e) => e.id === markerId))) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    // control: the streams work (every credential here holds events:read in A)
    expect(streams.filter((s) => s.got.some((e) => e.id === markerId)).map((s) => s.credential.name)).toEqual(
      credentials.map((c) => c.name),
    );
    for (const s of streams) {
      s.stop();
      await s.client.dispose();
      for (const e of s.got) {
        const reason = foreignEvent(e);
        if (reason)
          local.push({ credential: s.credential.name, type: 'Event', path: 'subscription events', detail: `${e.id} ${e.type}: ${reason}` });
      }
    }
    // a stream filtered to another tenant delivers nothing
    const filtered = await Promise.all(
      credentials.map(async (credential) => {
        const got: { id: string; type: string; organizationId: string | null; issuerId: string | null }[] = [];
        const client = createWsClient({
          url: `${server.url.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: credential.authorization },
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => {},
        });
        const stop = client.subscribe<{ events: (typeof got)[number] }>(
          {
            query: `subscription MatrixStreamB($filter: EventStreamFilter) { events(filter: $filter) { id type organizationId issuerId } }`,
            variables: { filter: { organizationId: B.organizationId } },
          },
          { next: (m) => m.data && got.push(m.data.events), error: () => {}, complete: () => {} },
        );
        return { credential, got, client, stop };
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await marker(B.organizationId);
    await new Promise((r) => setTimeout(r, 1000));
    for (const s of filtered) {
      s.stop();
      await s.client.dispose();
      for (const e of s.got)
        local.push({
          credential: s.credential.name,
          type: 'Event',
          path: 'subscription events(filter: organizationId B)',
          detail: `${e.id} ${e.type}: ${foreignEvent(e) ?? 'delivered'}`,
        });
    }
    // control: the account key's stream did get events of B (the markers were real)
    const adminSeesB = (await allEventsAs(basic(server.keyId, server.keySecret), { organizationId: B.organizationId })).out.length;
    expect(adminSeesB).toBeGreaterThan(0);
    expect(report(local)).toEqual([]);
  }, 180_000);
});
