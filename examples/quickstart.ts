/**
 * The canonical quickstart (seed 003) with @authgraph/sdk: issuer → client → organization →
 * user + membership → organization API key verified with whoami → the event trail.
 *
 *   export AUTHGRAPH_URL=http://127.0.0.1:4000 AUTHGRAPH_API_KEY=agk_…   # printed on the first start
 *   npx tsx examples/quickstart.ts
 */
import { pathToFileURL } from 'node:url';
import { AuthgraphAdmin } from '@authgraph/sdk';

export async function quickstart(admin: AuthgraphAdmin, log: (line: string) => void = console.log) {
  // 1. An issuer: the OIDC authority your users, organizations and clients live under.
  const issuer = await admin.issuers.create({ name: 'acme-prod' });
  log(`1. issuer ${issuer.id}`);
  const discoveryUrl = `${admin.issuer(issuer.id).url}/.well-known/openid-configuration`;
  const discovery = (await (await fetch(discoveryUrl)).json()) as { issuer: string; jwks_uri: string };
  if (discovery.issuer !== admin.issuer(issuer.id).url) throw new Error(`discovery names ${discovery.issuer}`);
  log(`   discovery: ${discoveryUrl} (issuer ${discovery.issuer})`);

  // 2. A client: the application people sign in through (its secret is in this answer only).
  const client = await admin.issuer(issuer.id).clients.create({
    name: 'acme-web',
    type: 'EXTERNAL',
    confidential: true,
    scopes: ['openid', 'profile'],
    grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
    redirectUris: ['http://localhost:3000/api/auth/callback'],
  });
  log(`2. client ${client.id} (secret shown once: ${client.secret ? 'yes' : 'no'})`);

  // 3. An organization: your first tenant.
  const org = await admin.issuer(issuer.id).organizations.create({ name: 'Globex Corp' });
  log(`3. organization ${org.id} (${org.slug})`);

  // 4. A user, and a membership carrying resource:action scopes (deny-by-default: at least one).
  const user = await admin
    .issuer(issuer.id)
    .users.create({ usernameType: 'EMAIL', username: 'ada@globex.example', firstName: 'Ada', lastName: 'Lovelace' });
  const membership = await admin
    .issuer(issuer.id)
    .organization(org.id)
    .members.create({ memberId: user.id, scopes: ['invoices:read', 'invoices:write'] });
  log(`4. user ${user.id}, member with ${membership.scopes.join(' ')}`);

  // 5. An organization API key, verified the way your API would: whoami with the key itself.
  const key = await admin
    .issuer(issuer.id)
    .organization(org.id)
    .apiKeys.create({ name: 'globex-backend', scopes: ['invoices:read'] });
  const who = await new AuthgraphAdmin({ apiKey: { id: key.id, secret: key.secret }, baseUrl: admin.baseUrl }).whoami();
  log(`5. ${who.type} ${who.id} → ${who.organizations[0]?.org_id}: ${who.organizations[0]?.scopes.join(' ')}`);

  // 6. The event trail: every step above is an event (api-key.verified is written about once a second).
  let types: string[] = [];
  for (let tries = 0; tries < 30; tries++) {
    const events = await admin.events.list({ limit: 20, issuerId: issuer.id });
    types = events.data.map((e) => e.type);
    if (types.includes('api-key.verified')) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`6. events: ${types.join(', ')}`);
  return { issuer, client, org, user, membership, key, who, eventTypes: types };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  quickstart(new AuthgraphAdmin({ appInfo: 'authgraph-quickstart' })).then(
    () => console.log('quickstart: done'),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
