/**
 * Acceptance (issue 16): a real MCP client nobody here wrote — the official TypeScript SDK
 * (`@modelcontextprotocol/sdk`) — against a small MCP server (the SDK's server, streamable HTTP
 * on loopback) protected by `protectedResource` from @authgraph/sdk:
 *
 * 1. the client's first request gets 401 with `resource_metadata` and `scope`; it reads the
 *    protected-resource metadata (RFC 9728), then the issuer's metadata, sees
 *    `client_id_metadata_document_supported` and identifies itself with a Client ID Metadata
 *    Document URL served over https on loopback (the server fetches it through the SSRF guard,
 *    trusting the test's CA from CIMD_CA_FILE);
 * 2. code + PKCE + `resource` through the hosted page (plain HTTP, like a browser without
 *    JavaScript): sign-in, then the consent page; the redirect carries `iss` (RFC 9207);
 * 3. it calls a tool (token `aud` = the MCP server's resource identifier);
 * 4. a second tool answers 403 `insufficient_scope` with `scope=`; the client steps up, the
 *    consent page asks only for the new scope, and the new token keeps the first scope.
 *
 * Around it: the grant shows in `User.grants`; a blocked CIMD client is turned away;
 * `resource=` naming no Resource is `invalid_target`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { protectedResource } from '../packages/sdk/src/protected-resource.js';
import { startServer, type TestServer } from './helpers/server.js';
import { adminMutate } from './helpers/tenants.js';
import { ask } from './helpers/state.js';

const PASSWORD = 'violet-anchor-quartz-88';
const listen = (server: http.Server | https.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: http.Server | https.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A browser's cookies, by name (every cookie the issuer sets is for its own path). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The OAuth side of the MCP client, as an application embedding the SDK provides it. */
class Provider implements OAuthClientProvider {
  lastAuthorizationUrl: URL | null = null;
  private info: OAuthClientInformationMixed | undefined;
  private stored: OAuthTokens | undefined;
  private verifier = '';
  constructor(
    readonly clientMetadataUrl: string,
    readonly redirectUrl: string,
  ) {}
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Notes agent',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.stored;
  }
  saveTokens(tokens: OAuthTokens) {
    this.stored = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.lastAuthorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

describe('an MCP client of the official SDK against an Authgraph issuer (issue 16 acceptance)', () => {
  let server: TestServer;
  let tlsDir: string;
  let cimd: https.Server;
  let mcp: http.Server;
  let cimdUrl: string;
  let cimdFetches = 0;
  let mcpUrl: string;
  let issuerId: string;
  let issuerUrl: string;
  let userId: string;
  const redirectUrl = 'http://127.0.0.1:9/callback';
  const jar = new CookieJar();

  beforeAll(async () => {
    // a CA-less self-signed certificate for 127.0.0.1: the CIMD document is served over https
    tlsDir = mkdtempSync(join(tmpdir(), 'authgraph-cimd-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(tlsDir, 'key.pem'),
        '-out',
        join(tlsDir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', CIMD_CA_FILE: join(tlsDir, 'cert.pem') });

    cimd = https.createServer({ key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) }, (req, res) => {
      cimdFetches++;
      const doc = {
        client_id: cimdUrl,
        client_name: 'Notes agent',
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        client_uri: 'https://agent.example',
      };
      res
        .writeHead(req.url === '/clients/notes-agent.json' ? 200 : 404, {
          'content-type': 'application/json',
          'cache-control': 'max-age=300',
        })
        .end(JSON.stringify(doc));
    });
    cimdUrl = `https://127.0.0.1:${await listen(cimd)}/clients/notes-agent.json`;

    issuerId = ((await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: 'MCP' }, 'issuer { id }')).issuer as { id: string })
      .id;
    issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    const org = (
      (await adminMutate(server, 'createOrganization', 'CreateOrganizationInput', { issuerId, name: 'Acme' }, 'organization { id }'))
        .organization as { id: string }
    ).id;
    userId = (
      (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: 'ada@acme.example' }, 'user { id }')).user as {
        id: string;
      }
    ).id;
    await adminMutate(server, 'setUserPassword', 'SetUserPasswordInput', { userId, password: PASSWORD }, 'user { id }');
    await adminMutate(
      server,
      'createMembership',
      'CreateMembershipInput',
      { organizationId: org, memberId: userId, scopes: ['notes:read', 'notes:write'] },
      'membership { id }',
    );

    // the MCP server: the SDK's server, stateless streamable HTTP, behind the protected-resource middleware
    mcp = http.createServer();
    mcpUrl = `http://127.0.0.1:${await listen(mcp)}/mcp`;
    await adminMutate(
      server,
      'createResource',
      'CreateResourceInput',
      { issuerId, name: 'Notes MCP', identifier: mcpUrl, scopes: ['notes:read', 'notes:write'], isMcpServer: true },
      'resource { id }',
    );
    const guard = protectedResource({
      issuer: issuerUrl,
      resource: mcpUrl,
      scopesSupported: ['notes:read', 'notes:write'],
      resourceName: 'Notes MCP',
    });
    mcp.on('request', (req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method?: string; params?: { name?: string } })
          : undefined;
        // every call needs notes:read; writing a note needs notes:write
        const needs = body?.method === 'tools/call' && body.params?.name === 'write_note' ? ['notes:write'] : ['notes:read'];
        if (!(await guard.node(needs)(req, res))) return;
        if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
        const notes = new McpServer({ name: 'notes', version: '1.0.0' });
        notes.registerTool('read_note', { description: 'Reads the note' }, (extra) => ({
          content: [
            {
              type: 'text',
              text: `note for ${extra.authInfo?.extra?.session ? (extra.authInfo.extra.session as { subject: string }).subject : '?'}`,
            },
          ],
        }));
        notes.registerTool('write_note', { description: 'Writes the note' }, () => ({ content: [{ type: 'text', text: 'written' }] }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        await notes.connect(transport);
        await transport.handleRequest(req, res, body);
      })().catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([mcp && close(mcp), cimd && close(cimd)]);
    await server?.stop();
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  /**
   * What a person does in the browser the client opened: sign in when asked, read the consent
   * page, allow. Returns the consent page's text and the redirect's parameters.
   */
  async function approve(authorizationUrl: URL): Promise<{ consent: string; params: URLSearchParams }> {
    let page = await fetch(authorizationUrl, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(page);
    let html = await page.text();
    expect(page.status, html.slice(0, 300)).toBe(200);
    const post = async (fields: Record<string, string>) => {
      const state = /name="ag_state" value="([^"]+)"/.exec(html)?.[1];
      expect(state, html.slice(0, 300)).toBeTruthy();
      const answer = await fetch(`${issuerUrl}/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        body: new URLSearchParams({ ag_state: state!, ...fields }),
      });
      jar.take(answer);
      return answer;
    };
    if (html.includes('name="password"')) {
      page = await post({ username: 'ada@acme.example', password: PASSWORD });
      html = await page.text();
      expect(page.status, html.slice(0, 300)).toBe(200);
    }
    expect(html).toContain('Allow access?');
    const consent = html;
    const done = await post({ decision: 'allow' });
    expect(done.status).toBe(303);
    const location = new URL(done.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUrl);
    return { consent, params: location.searchParams };
  }

  it('discovers the issuer, registers by metadata document, gets consent, calls a tool, steps up without losing the first scope', async () => {
    // what the client will see: protected-resource metadata and issuer metadata
    const prm = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', mcpUrl));
    expect(await prm.json()).toEqual({
      resource: mcpUrl,
      authorization_servers: [issuerUrl],
      scopes_supported: ['notes:read', 'notes:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'Notes MCP',
    });
    const as = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server/${issuerId}`)).json()) as Record<string, unknown>;
    expect(as).toMatchObject({
      issuer: issuerUrl,
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
    });
    expect(as.scopes_supported).toEqual(expect.arrayContaining(['notes:read', 'notes:write']));
    expect(as.registration_endpoint).toBeUndefined(); // dynamic registration is off by default

    const provider = new Provider(cimdUrl, redirectUrl);
    const client = new Client({ name: 'notes-agent', version: '1.0.0' });
    let transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);

    // the authorization request the SDK built: CIMD client_id, PKCE, resource, the scope from the 401
    const first = provider.lastAuthorizationUrl!;
    expect(`${first.origin}${first.pathname}`).toBe(`${issuerUrl}/authorize`);
    expect(first.searchParams.get('client_id')).toBe(cimdUrl);
    expect(first.searchParams.get('code_challenge_method')).toBe('S256');
    expect(first.searchParams.get('resource')).toBe(mcpUrl);
    expect(first.searchParams.get('scope')).toBe('notes:read');

    const granted = await approve(first);
    expect(granted.consent).toContain('Notes agent');
    expect(granted.consent).toContain('notes:read');
    expect(granted.consent).toContain('Notes MCP');
    expect(granted.params.get('iss')).toBe(issuerUrl); // RFC 9207
    expect(cimdFetches).toBe(1);
    await transport.finishAuth(granted.params.get('code')!);
    const firstToken = decodeJwt(provider.tokens()!.access_token);
    expect(firstToken).toMatchObject({ aud: mcpUrl, sub: userId, scope: 'notes:read' });

    transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    await client.connect(transport);
    const read = await client.callTool({ name: 'read_note', arguments: {} });
    expect(read.content).toEqual([{ type: 'text', text: `note for ${userId}` }]);

    // the second tool needs notes:write: 403 insufficient_scope, and the SDK steps up
    await expect(client.callTool({ name: 'write_note', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    const stepUp = provider.lastAuthorizationUrl!;
    expect(stepUp).not.toBe(first);
    expect(stepUp.searchParams.get('scope')).toBe('notes:write');
    const more = await approve(stepUp); // signed in already: straight to consent
    expect(more.consent).not.toContain('name="password"');
    expect(more.consent).toMatch(/asks to act for you with:<\/p>\s*<ul><li><code>notes:write<\/code><\/li><\/ul>/);
    expect(more.consent).toMatch(/You already allowed:<\/p><ul><li><code>notes:read<\/code>/);
    await transport.finishAuth(more.params.get('code')!);
    const second = decodeJwt(provider.tokens()!.access_token);
    expect(second.aud).toBe(mcpUrl);
    expect(String(second.scope).split(' ').sort()).toEqual(['notes:read', 'notes:write']);

    expect((await client.callTool({ name: 'write_note', arguments: {} })).content).toEqual([{ type: 'text', text: 'written' }]);
    expect((await client.callTool({ name: 'read_note', arguments: {} })).content).toEqual([{ type: 'text', text: `note for ${userId}` }]);
    expect(cimdFetches).toBe(1); // the document stayed fresh (max-age=300)
    await client.close();

    // the remembered consent is in the graph, and the client registered by its document too
    const seen = await ask(
      server.gql,
      `query($id: ID!) { node(id: $id) { ... on User { grants { edges { node { scopes resources client { registrationType metadataDocumentUrl thirdParty } } } } } } }`,
      { id: userId },
    );
    expect(seen.node.grants.edges).toEqual([
      {
        node: {
          scopes: ['notes:read', 'notes:write'],
          resources: [mcpUrl],
          client: { registrationType: 'METADATA_DOCUMENT', metadataDocumentUrl: cimdUrl, thirdParty: true },
        },
      },
    ]);
  }, 120_000);

  it('a blocked metadata-document client is turned away; an unknown resource is invalid_target', async () => {
    const client = await server.app.db.prisma.client.findFirstOrThrow({ where: { issuerId, metadataDocumentUrl: cimdUrl } });
    const authorize = (resource: string) =>
      `${issuerUrl}/authorize?${new URLSearchParams({ response_type: 'code', client_id: cimdUrl, redirect_uri: redirectUrl, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', resource, scope: 'notes:read' })}`;

    const unknown = await fetch(authorize('https://elsewhere.example/api'), { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(unknown.status).toBe(302);
    const refused = new URL(unknown.headers.get('location')!).searchParams;
    expect([refused.get('error'), refused.get('iss')]).toEqual(['invalid_target', issuerUrl]);

    await adminMutate(server, 'blockClient', 'BlockClientInput', { id: client.id, reason: 'abuse' }, 'client { blockedAt }');
    const blocked = await fetch(authorize(mcpUrl), { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(blocked.status).toBe(400);
    expect(await blocked.text()).toContain('not registered');
  }, 60_000);
});
