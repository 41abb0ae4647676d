/**
 * An AI agent's cycle (seed 001): the agent gets an identity and a secret verifier, joins an
 * organization with scopes, gets a short-lived token with `client_credentials` (its `agt_…` id
 * is the client_id), and calls an API that checks the token with `verifyAccessToken`.
 *
 *   export AUTHGRAPH_URL=http://127.0.0.1:4000 AUTHGRAPH_API_KEY=agk_…
 *   npx tsx examples/agent.ts
 *
 * openid-client refuses plain http unless told otherwise: on a loopback development server pass
 * `execute: [client.allowInsecureRequests]` (never in production).
 */
import { pathToFileURL } from 'node:url';
import * as oidc from 'openid-client';
import { AuthgraphAdmin } from '@authgraph/sdk';
import { createApiServer, listen } from './api-server.js';

export async function agentCycle(admin: AuthgraphAdmin, log: (line: string) => void = console.log) {
  const issuer = await admin.issuers.create({ name: 'agents-demo' });
  const org = await admin.issuer(issuer.id).organizations.create({ name: 'Initech' });

  // The agent: its own identity and scopes, a member of the organization, with a secret verifier.
  const agent = await admin.issuer(issuer.id).agents.create({ name: 'invoice-triage', scopes: ['invoices:read', 'invoices:write'] });
  await admin
    .issuer(issuer.id)
    .organization(org.id)
    .members.create({ memberId: agent.id, scopes: ['invoices:read'] });
  const verifier = await admin.issuer(issuer.id).agent(agent.id).verifiers.create({ type: 'SECRET' });
  log(`agent ${agent.id} in ${org.id}, verifier ${verifier.id}`);

  // The API the agent calls, guarding its routes with verifyAccessToken + requireScopes.
  // registered first: a `resource` naming no registered API is refused (invalid_target, RFC 8707)
  const audience = 'https://invoices.example.com';
  await admin.issuer(issuer.id).resources.create({ name: 'invoices', identifier: audience, scopes: ['invoices:read', 'invoices:write'] });
  const api = createApiServer({ issuer: admin.issuer(issuer.id).url, audience });
  const apiUrl = await listen(api, 0);
  try {
    // The agent signs in with client_credentials (standard OIDC library, loopback http allowed).
    const issuerUrl = new URL(admin.issuer(issuer.id).url);
    const insecure = issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {};
    const config = await oidc.discovery(issuerUrl, agent.id, undefined, oidc.ClientSecretBasic(verifier.secret!), insecure);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'invoices:read', resource: audience });
    log(`token for ${agent.id}: expires in ${tokens.expires_in} s, scope ${tokens.scope}`);

    const call = async (method: string, path: string) => {
      const response = await fetch(`${apiUrl}${path}`, { method, headers: { authorization: `Bearer ${tokens.access_token}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const me = await call('GET', '/me');
    const read = await call('GET', '/invoices');
    const write = await call('POST', '/invoices');
    const anonymous = (await fetch(`${apiUrl}/invoices`)).status;
    log(`GET /me → ${me.status} ${JSON.stringify(me.body)}`);
    log(
      `GET /invoices → ${read.status}; POST /invoices → ${write.status} (no invoices:write in the organization); without a token → ${anonymous}`,
    );
    return { issuer, org, agent, tokens, me, read, write, anonymous };
  } finally {
    api.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  agentCycle(new AuthgraphAdmin({ appInfo: 'authgraph-agent-example' })).then(
    () => console.log('agent example: done'),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
