/**
 * `authgraph`: the command line of Authgraph, built on @authgraph/sdk.
 *
 *   authgraph login [--api-key agk_…] [--base-url http://127.0.0.1:4000]
 *   authgraph whoami
 *   authgraph issuers create acme-prod | list | get i_…
 *   authgraph orgs create "Globex Corp" --issuer i_… | list --issuer i_… | get org_… --issuer i_…
 *   authgraph users create ada@globex.example --issuer i_… | list --issuer i_…
 *   authgraph members add --org org_… --member usr_… --scopes invoices:read,invoices:write | list --org org_…
 *   authgraph keys create --org org_… --scopes invoices:read [--name …] | list --org org_… | revoke key_…
 *   authgraph events list [--types 'session.*'] [--limit 20] | tail [--types 'organization.*'] [--after evt_…]
 *
 * `--json` on every command prints JSON (NDJSON for `events tail`). Progress of long listings
 * goes to stderr when it is a terminal. Exit codes say what failed (see EXIT below).
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import WebSocket from 'ws';
import {
  AuthgraphAdmin,
  AuthgraphError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  InvalidStateError,
  LimitReachedError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ValidationError,
  type List,
} from '@authgraph/sdk';
import { configFile, readConfig, removeConfig, writeConfig } from './config.js';

/** Exit codes by error class. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
  validation: 6,
  conflict: 7,
  rateLimited: 8,
  network: 9,
  invalidState: 10,
} as const;

function exitCodeOf(error: unknown): number {
  if (error instanceof AuthenticationError) return EXIT.unauthenticated;
  if (error instanceof ForbiddenError) return EXIT.forbidden;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ValidationError) return EXIT.validation;
  if (error instanceof ConflictError) return EXIT.conflict;
  if (error instanceof RateLimitedError) return EXIT.rateLimited;
  if (error instanceof NetworkError || error instanceof TimeoutError) return EXIT.network;
  if (error instanceof InvalidStateError || error instanceof LimitReachedError) return EXIT.invalidState;
  return EXIT.failure;
}

interface GlobalOptions {
  json?: boolean;
  baseUrl?: string;
  apiKey?: string;
}

const program = new Command('authgraph')
  .description('The command line of Authgraph')
  .version('0.1.0')
  .option('--json', 'print JSON')
  .option('--base-url <url>', 'server URL (default: from login, AUTHGRAPH_URL, or http://127.0.0.1:4000)')
  .option('--api-key <key>', 'credential (default: from login, or AUTHGRAPH_API_KEY)')
  .showHelpAfterError()
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

/** The client for the stored or given credential. */
function admin(): AuthgraphAdmin {
  const g = globals();
  const stored = readConfig();
  const apiKey = g.apiKey ?? process.env.AUTHGRAPH_API_KEY ?? stored?.apiKey;
  if (!apiKey)
    throw new AuthenticationError('Not logged in: run `authgraph login` (or set AUTHGRAPH_API_KEY).', {
      code: 'UNAUTHENTICATED',
      status: 0,
      requestId: null,
    });
  const baseUrl = g.baseUrl ?? process.env.AUTHGRAPH_URL ?? stored?.baseUrl ?? 'http://127.0.0.1:4000';
  return new AuthgraphAdmin({ apiKey, baseUrl, appInfo: 'authgraph-cli/0.1.0' });
}

function print(value: unknown, human: () => string): void {
  process.stdout.write(globals().json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Prints rows as aligned columns. */
function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

/** Walks a list, with progress on stderr when it is a terminal. */
async function collect<T>(list: List<T>): Promise<T[]> {
  const out: T[] = [];
  const progress = process.stderr.isTTY && !globals().json;
  for await (const item of list) {
    out.push(item);
    if (progress && out.length % 100 === 0) process.stderr.write(`\rfetched ${out.length}…`);
  }
  if (progress && out.length >= 100) process.stderr.write('\r\x1b[K');
  return out;
}

const csv = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function readSecretFromStdin(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

program
  .command('login')
  .description('verify a credential and store it in the config directory (file mode 0600)')
  .option('--api-key <key>', 'the credential (agk_… or key_…:secret); read from stdin when omitted')
  .option('--base-url <url>', 'server URL', process.env.AUTHGRAPH_URL ?? 'http://127.0.0.1:4000')
  .action(async (options: { apiKey?: string; baseUrl: string }) => {
    const apiKey = options.apiKey ?? globals().apiKey ?? (await readSecretFromStdin('API key (agk_…): '));
    if (!apiKey) throw new ValidationError('No API key given.', { code: 'VALIDATION_FAILED', status: 0, requestId: null });
    const baseUrl = globals().baseUrl ?? options.baseUrl;
    const who = await new AuthgraphAdmin({ apiKey, baseUrl, appInfo: 'authgraph-cli/0.1.0' }).whoami();
    const file = writeConfig({ baseUrl, apiKey });
    print(
      { file, baseUrl, credential: who },
      () => `Logged in to ${baseUrl} as ${who.type} ${who.id} (account ${who.account_id}). Saved to ${file}.`,
    );
  });

program
  .command('logout')
  .description('forget the stored credential')
  .action(() => {
    const removed = removeConfig();
    print({ removed, file: configFile() }, () => (removed ? `Removed ${configFile()}.` : 'Not logged in.'));
  });

program
  .command('whoami')
  .description('what the credential is and may do (GET /v1/me)')
  .action(async () => {
    const who = await admin().whoami();
    print(who, () =>
      [
        `${who.type} ${who.id} (account ${who.account_id})`,
        ...who.organizations.map((o) => `  ${o.org_id} ${o.status}: ${o.scopes.join(' ')}`),
      ].join('\n'),
    );
  });

const issuers = program.command('issuers').description('issuers: OIDC authorities with their own users and organizations');
issuers
  .command('create <name>')
  .addOption(new Option('--signing-alg <alg>', 'ES256 (default), EdDSA or RS256').choices(['ES256', 'EdDSA', 'RS256']))
  .action(async (name: string, o: { signingAlg?: 'ES256' | 'EdDSA' | 'RS256' }) => {
    const issuer = await admin().issuers.create({ name, ...(o.signingAlg ? { signingAlg: o.signingAlg } : {}) });
    const client = admin();
    print(issuer, () => `${issuer.id}  ${issuer.name}\ndiscovery: ${client.issuer(issuer.id).url}/.well-known/openid-configuration`);
  });
issuers.command('list').action(async () => {
  const rows = await collect(admin().issuers.list());
  print(rows, () => table(rows, ['id', 'name', 'signingAlg', 'createdAt']));
});
issuers.command('get <id>').action(async (id: string) => {
  const issuer = await admin().issuers.get(id);
  print(issuer, () => table([issuer], ['id', 'name', 'signingAlg', 'mfaPolicy', 'createdAt']));
});

const orgs = program.command('orgs').description('organizations (tenants) of an issuer');
orgs
  .command('create <name>')
  .requiredOption('--issuer <id>', 'the issuer (i_…)')
  .option('--slug <slug>')
  .action(async (name: string, o: { issuer: string; slug?: string }) => {
    const org = await admin()
      .issuer(o.issuer)
      .organizations.create({ name, ...(o.slug ? { slug: o.slug } : {}) });
    print(org, () => `${org.id}  ${org.slug}  ${org.name}`);
  });
orgs
  .command('list')
  .requiredOption('--issuer <id>', 'the issuer (i_…)')
  .action(async (o: { issuer: string }) => {
    const rows = await collect(admin().issuer(o.issuer).organizations.list());
    print(rows, () => table(rows, ['id', 'slug', 'name', 'status', 'createdAt']));
  });
orgs
  .command('get <id>')
  .requiredOption('--issuer <id>', 'the issuer (i_…)')
  .action(async (id: string, o: { issuer: string }) => {
    const org = await admin().issuer(o.issuer).organizations.get(id);
    print(org, () => table([org], ['id', 'slug', 'name', 'status', 'createdAt']));
  });

const users = program.command('users').description('users of an issuer');
users
  .command('create <username>')
  .requiredOption('--issuer <id>', 'the issuer (i_…)')
  .option('--email <email>')
  .option('--first-name <name>')
  .option('--last-name <name>')
  .action(async (username: string, o: { issuer: string; email?: string; firstName?: string; lastName?: string }) => {
    const user = await admin()
      .issuer(o.issuer)
      .users.create({ username, email: o.email ?? null, firstName: o.firstName ?? null, lastName: o.lastName ?? null });
    print(user, () => `${user.id}  ${user.username}`);
  });
users
  .command('list')
  .requiredOption('--issuer <id>', 'the issuer (i_…)')
  .action(async (o: { issuer: string }) => {
    const rows = await collect(admin().issuer(o.issuer).users.list());
    print(rows, () => table(rows, ['id', 'username', 'status', 'createdAt']));
  });

const members = program.command('members').description('memberships of an organization');
members
  .command('add')
  .requiredOption('--org <id>', 'the organization (org_…)')
  .requiredOption('--member <id>', 'the user (usr_…) or agent (agt_…)')
  .option('--scopes <scopes>', 'comma-separated resource:action scopes', csv)
  .action(async (o: { org: string; member: string; scopes?: string[] }) => {
    const m = await admin()
      .organization(o.org)
      .members.create({ memberId: o.member, ...(o.scopes ? { scopes: o.scopes } : {}) });
    print(m, () => `${m.id}  ${m.memberId}  ${m.scopes.join(',')}`);
  });
members
  .command('list')
  .requiredOption('--org <id>', 'the organization (org_…)')
  .action(async (o: { org: string }) => {
    const rows = await collect(admin().organization(o.org).members.list());
    print(rows, () => table(rows, ['id', 'memberId', 'status', 'scopes']));
  });

const keys = program.command('keys').description('API keys: organization keys (--org) or account keys');
keys
  .command('create')
  .option('--org <id>', 'the organization (org_…); omit for an account key')
  .option('--scopes <scopes>', 'comma-separated resource:action scopes (organization keys need one)', csv)
  .option('--name <name>', 'a name to tell keys apart', 'cli key')
  .option('--expires-at <time>', 'ISO time after which the key is refused')
  .action(async (o: { org?: string; scopes?: string[]; name: string; expiresAt?: string }) => {
    const client = admin();
    const key = o.org
      ? await client.organization(o.org).apiKeys.create({ name: o.name, scopes: o.scopes ?? [], expiresAt: o.expiresAt ?? null })
      : await client.apiKeys.create({ name: o.name, expiresAt: o.expiresAt ?? null });
    print(
      key,
      () => `${key.id}  ${key.scopes.join(',')}\ntoken (shown only now): ${key.token}\nsecret (for Basic ${key.id}:secret): ${key.secret}`,
    );
  });
keys
  .command('list')
  .option('--org <id>', 'the organization (org_…); omit for the account keys')
  .action(async (o: { org?: string }) => {
    const client = admin();
    const rows = await collect(o.org ? client.organization(o.org).apiKeys.list() : client.apiKeys.list());
    print(rows, () => table(rows, ['id', 'name', 'prefix', 'status', 'scopes', 'expiresAt', 'lastUsedAt']));
  });
keys.command('revoke <id>').action(async (id: string) => {
  const key = await admin().apiKeys.revoke(id);
  print(key, () => `${key.id}  ${key.status}`);
});

const events = program.command('events').description('the event trail');
events
  .command('list')
  .option('--types <types>', "comma-separated exact types or prefixes ('session.*')", csv)
  .option('--org <id>', 'only this organization')
  .option('--limit <n>', 'how many (newest first)', (v) => Number.parseInt(v, 10), 20)
  .action(async (o: { types?: string[]; org?: string; limit: number }) => {
    const page = await admin().events.list({
      limit: o.limit,
      ...(o.types ? { types: o.types } : {}),
      ...(o.org ? { organizationId: o.org } : {}),
    });
    print(page.data, () => table(page.data as unknown as Record<string, unknown>[], ['time', 'type', 'subject', 'id']));
  });
events
  .command('tail')
  .description('live events; reconnects and resumes after the last one seen (Ctrl-C to stop)')
  .option('--types <types>', "comma-separated exact types or prefixes ('organization.*')", csv)
  .option('--org <id>', 'only this organization')
  .option('--after <id>', 'first replay every event after this one')
  .action(async (o: { types?: string[]; org?: string; after?: string }) => {
    const json = globals().json;
    const subscription = admin().events.subscribe(
      { filter: { ...(o.types ? { types: o.types } : {}), ...(o.org ? { organizationId: o.org } : {}) }, after: o.after ?? null },
      (e) => {
        process.stdout.write(json ? `${JSON.stringify(e)}\n` : `${e.time}  ${e.type}  ${e.subject ?? ''}  ${e.id}\n`);
      },
      {
        webSocketImpl: WebSocket,
        onReconnect: (_error, attempt) => process.stderr.write(`connection lost; reconnecting (attempt ${attempt})…\n`),
      },
    );
    const stop = () => subscription.unsubscribe();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await subscription.closed;
    if (subscription.lastEventId) process.stderr.write(`resume with: authgraph events tail --after ${subscription.lastEventId}\n`);
  });

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const code = exitCodeOf(error);
    if (globals().json && error instanceof AuthgraphError) {
      process.stderr.write(
        `${JSON.stringify({ error: { name: error.name, code: error.code, status: error.status, requestId: error.requestId, message: error.message, ...(error instanceof ValidationError ? { fields: error.fields } : {}) } })}\n`,
      );
    } else {
      const id = error instanceof AuthgraphError && error.requestId ? ` (request ${error.requestId})` : '';
      const fields =
        error instanceof ValidationError && error.fields.length
          ? `\n${error.fields.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`
          : '';
      process.stderr.write(`authgraph: ${error instanceof Error ? error.message : String(error)}${id}${fields}\n`);
    }
    return code;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
