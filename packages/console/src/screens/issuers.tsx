/** Issuers: list (incremental), create, and one issuer: discovery link, signing keys (rotate), its organizations, users, clients and agents. */
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ConnectionList, ErrorBanner, Field, Link, NO_ERRORS, Section, Status, SecretOnce, outcomeOf, when, type Outcome } from '../ui';

const IssuersQuery = graphql(`
  query ConsoleIssuers($after: String) {
    issuers(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name signingAlg createdAt } }
    }
  }
`);

const CreateIssuer = graphql(`
  mutation ConsoleCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) {
      __typename
      ... on CreateIssuerPayload { issuer { id name signingAlg createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on BaseError { code message }
    }
  }
`);

export function Issuers() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: IssuersQuery, variables: { after } });
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [, create] = useMutation(CreateIssuer);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <h1>Issuers</h1>
      <Section title="Create an issuer">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await create({ input: { name } });
            const o = outcomeOf(r.data?.createIssuer, 'CreateIssuerPayload', r.error);
            setOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.createIssuer.__typename === 'CreateIssuerPayload') {
              setCreated(r.data.createIssuer.issuer.id);
              setName('');
            }
          }}
        >
          <Field label="Name" name="name" value={name} onChange={setName} required error={outcome.fields.name} />
          <ErrorBanner outcome={outcome} />
          <button className="primary" type="submit">
            Create issuer
          </button>
          {created ? <Status>Issuer {created} created.</Status> : null}
        </form>
      </Section>
      <Section title="All issuers">
        {error ? <ErrorBanner outcome={outcomeOf(null, '', error)} /> : null}
        <ConnectionList
          label="Issuers"
          connection={data?.issuers}
          fetching={fetching}
          onMore={setAfter}
          empty="No issuers yet."
          columns={[
            { header: 'Name', cell: (n) => <Link to={`/console/issuers/${n.id}`}>{n.name}</Link> },
            { header: 'Id', cell: (n) => <code>{n.id}</code> },
            { header: 'Signing', cell: (n) => n.signingAlg },
            { header: 'Created', cell: (n) => when(n.createdAt) },
          ]}
        />
      </Section>
    </>
  );
}

const IssuerQuery = graphql(`
  query ConsoleIssuer($id: ID!, $usersAfter: String, $clientsAfter: String, $agentsAfter: String) {
    issuer(id: $id) {
      id name signingAlg mfaPolicy accessTokenTtlSeconds createdAt
      signingKeys { kid alg status activatesAt verifyUntil createdAt }
      users(first: 25, after: $usersAfter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id username status createdAt } }
      }
      clients(first: 25, after: $clientsAfter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name type confidential createdAt } }
      }
      agents(first: 25, after: $agentsAfter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name status scopes createdAt } }
      }
    }
  }
`);

const IssuerOrganizationsQuery = graphql(`
  query ConsoleIssuerOrganizations($id: ID!, $search: String, $after: String) {
    issuer(id: $id) {
      id
      organizations(first: 25, after: $after, search: $search) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name slug status createdAt } }
      }
    }
  }
`);

/** How long typing pauses before the search goes to the server (ms). */
const SEARCH_DELAY_MS = 250;

/**
 * An issuer's organizations, searched on the server (`organizations(search:)`: name or slug
 * contains the text) and loaded page by page; the search box stays mounted while results load.
 */
function IssuerOrganizations({ issuerId }: { issuerId: string }) {
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [after, setAfter] = useState<string | undefined>(undefined);
  useEffect(() => {
    const t = setTimeout(() => {
      setSearch(text.trim());
      setAfter(undefined);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text]);
  const [{ data, fetching, error }] = useQuery({
    query: IssuerOrganizationsQuery,
    variables: { id: issuerId, search: search || null, after },
  });
  return (
    <div data-testid="organizations">
      <search aria-label="Organizations">
        <Field
          label="Search organizations"
          name="search"
          type="search"
          value={text}
          onChange={setText}
          hint="Name or slug contains the text; searched on the server."
        />
      </search>
      {error ? <ErrorBanner outcome={outcomeOf(null, '', error)} /> : null}
      <ConnectionList
        label="Organizations"
        connection={data?.issuer?.organizations}
        fetching={fetching}
        onMore={setAfter}
        empty={search ? `No organization matches “${search}”.` : 'No organizations.'}
        columns={[
          { header: 'Name', cell: (n) => <Link to={`/console/organizations/${n.id}`}>{n.name}</Link> },
          { header: 'Slug', cell: (n) => n.slug },
          { header: 'Status', cell: (n) => n.status },
          { header: 'Created', cell: (n) => when(n.createdAt) },
        ]}
      />
    </div>
  );
}

const RotateKeys = graphql(`
  mutation ConsoleRotateKeys($input: RotateSigningKeysInput!) {
    rotateSigningKeys(input: $input) {
      __typename
      ... on RotateSigningKeysPayload { kid activatesAt issuer { id signingKeys { kid alg status activatesAt verifyUntil createdAt } } }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const CreateOrganization = graphql(`
  mutation ConsoleCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id name slug status createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ConflictError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const CreateUser = graphql(`
  mutation ConsoleCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on CreateUserPayload { user { id username status createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ConflictError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const CreateClient = graphql(`
  mutation ConsoleCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      __typename
      ... on CreateClientPayload { secret client { id name type confidential createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const CreateAgent = graphql(`
  mutation ConsoleCreateAgent($input: CreateAgentInput!) {
    createAgent(input: $input) {
      __typename
      ... on CreateAgentPayload { agent { id name status scopes createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const splitList = (s: string) => s.split(/[\s,]+/).filter(Boolean);

export function Issuer({ id, issuerBase }: { id: string; issuerBase: string }) {
  const [pages, setPages] = useState<{ usersAfter?: string; clientsAfter?: string; agentsAfter?: string }>({});
  const [{ data, fetching, error }] = useQuery({ query: IssuerQuery, variables: { id, ...pages } });
  const [rotated, rotate] = useMutation(RotateKeys);
  const [rotateOutcome, setRotateOutcome] = useState<Outcome | null>(null);
  const [orgName, setOrgName] = useState('');
  const [orgOutcome, setOrgOutcome] = useState<Outcome>(NO_ERRORS);
  const [, createOrg] = useMutation(CreateOrganization);
  const [username, setUsername] = useState('');
  const [userOutcome, setUserOutcome] = useState<Outcome>(NO_ERRORS);
  const [, createUser] = useMutation(CreateUser);
  const [clientName, setClientName] = useState('');
  const [redirect, setRedirect] = useState('');
  const [clientOutcome, setClientOutcome] = useState<Outcome>(NO_ERRORS);
  const [clientSecret, setClientSecret] = useState<string | null>(null);
  const [, createClient] = useMutation(CreateClient);
  const [agentName, setAgentName] = useState('');
  const [agentScopes, setAgentScopes] = useState('');
  const [agentOutcome, setAgentOutcome] = useState<Outcome>(NO_ERRORS);
  const [, createAgent] = useMutation(CreateAgent);

  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  const issuer = data?.issuer;
  if (!issuer) return fetching ? <Status>Loading…</Status> : <p>No such issuer.</p>;
  const discovery = `${issuerBase}/${issuer.id}/.well-known/openid-configuration`;
  return (
    <>
      <h1>Issuer {issuer.name}</h1>
      <Section title="Discovery">
        <p>
          OIDC discovery: <a href={discovery}>{discovery}</a>
        </p>
        <dl className="facts">
          <dt>Id</dt>
          <dd>
            <code>{issuer.id}</code>
          </dd>
          <dt>Signing</dt>
          <dd>{issuer.signingAlg}</dd>
          <dt>MFA policy</dt>
          <dd>{issuer.mfaPolicy}</dd>
          <dt>Access-token lifetime</dt>
          <dd>{issuer.accessTokenTtlSeconds} s</dd>
        </dl>
      </Section>
      <Section title="Signing keys">
        <table>
          <caption className="sr-only">Signing keys</caption>
          <thead>
            <tr>
              <th scope="col">Key id</th>
              <th scope="col">Alg</th>
              <th scope="col">Status</th>
              <th scope="col">Signs from</th>
              <th scope="col">Verifies until</th>
            </tr>
          </thead>
          <tbody>
            {issuer.signingKeys.map((k) => (
              <tr key={k.kid}>
                <td>
                  <code>{k.kid}</code>
                </td>
                <td>{k.alg}</td>
                <td>{k.status}</td>
                <td>{when(k.activatesAt ?? k.createdAt)}</td>
                <td>{when(k.verifyUntil)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          disabled={rotated.fetching}
          onClick={async () => {
            const r = await rotate({ input: { issuerId: issuer.id } });
            setRotateOutcome(outcomeOf(r.data?.rotateSigningKeys, 'RotateSigningKeysPayload', r.error));
          }}
        >
          Rotate signing keys
        </button>
        <ErrorBanner outcome={rotateOutcome} />
        {rotated.data?.rotateSigningKeys.__typename === 'RotateSigningKeysPayload' && !rotateOutcome ? (
          <Status>
            New key {rotated.data.rotateSigningKeys.kid} is published and signs from {when(rotated.data.rotateSigningKeys.activatesAt)}.
          </Status>
        ) : null}
      </Section>
      <Section title="Organizations">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await createOrg({ input: { issuerId: issuer.id, name: orgName } });
            const o = outcomeOf(r.data?.createOrganization, 'CreateOrganizationPayload', r.error);
            setOrgOutcome(o ?? NO_ERRORS);
            if (!o) setOrgName('');
          }}
        >
          <Field
            label="New organization name"
            name="name"
            value={orgName}
            onChange={setOrgName}
            required
            error={orgOutcome.fields.name ?? orgOutcome.fields.slug}
          />
          <button className="primary" type="submit">
            Create organization
          </button>
          <ErrorBanner outcome={orgOutcome} />
        </form>
        <IssuerOrganizations issuerId={issuer.id} />
      </Section>
      <Section title="Users">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await createUser({ input: { issuerId: issuer.id, username } });
            const o = outcomeOf(r.data?.createUser, 'CreateUserPayload', r.error);
            setUserOutcome(o ?? NO_ERRORS);
            if (!o) setUsername('');
          }}
        >
          <Field
            label="New user's email"
            name="username"
            type="email"
            value={username}
            onChange={setUsername}
            required
            error={userOutcome.fields.username}
          />
          <button className="primary" type="submit">
            Create user
          </button>
          <ErrorBanner outcome={userOutcome} />
        </form>
        <ConnectionList
          label="Users"
          connection={issuer.users}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, usersAfter: a }))}
          empty="No users."
          columns={[
            { header: 'Username', cell: (n) => <Link to={`/console/users/${n.id}`}>{n.username}</Link> },
            { header: 'Status', cell: (n) => n.status },
            { header: 'Created', cell: (n) => when(n.createdAt) },
          ]}
        />
      </Section>
      <Section title="Clients">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            setClientSecret(null);
            const r = await createClient({
              input: { issuerId: issuer.id, name: clientName, redirectUris: splitList(redirect), scopes: ['openid', 'profile', 'email'] },
            });
            const o = outcomeOf(r.data?.createClient, 'CreateClientPayload', r.error);
            setClientOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.createClient.__typename === 'CreateClientPayload') {
              setClientSecret(r.data.createClient.secret ?? null);
              setClientName('');
            }
          }}
        >
          <Field label="Client name" name="name" value={clientName} onChange={setClientName} required error={clientOutcome.fields.name} />
          <Field
            label="Redirect URIs"
            name="redirectUris"
            value={redirect}
            onChange={setRedirect}
            hint="Space separated, e.g. https://app.example.com/callback"
            error={clientOutcome.fields.redirectUris}
          />
          <button className="primary" type="submit">
            Create client
          </button>
          <ErrorBanner outcome={clientOutcome} />
        </form>
        {clientSecret ? <SecretOnce label="Client secret" value={clientSecret} /> : null}
        <ConnectionList
          label="Clients"
          connection={issuer.clients}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, clientsAfter: a }))}
          empty="No clients."
          columns={[
            { header: 'Name', cell: (n) => <Link to={`/console/clients/${n.id}`}>{n.name}</Link> },
            { header: 'Id', cell: (n) => <code>{n.id}</code> },
            { header: 'Type', cell: (n) => `${n.type}${n.confidential ? ', confidential' : ', public'}` },
            { header: 'Created', cell: (n) => when(n.createdAt) },
          ]}
        />
      </Section>
      <Section title="Agents">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await createAgent({ input: { issuerId: issuer.id, name: agentName, scopes: splitList(agentScopes) } });
            const o = outcomeOf(r.data?.createAgent, 'CreateAgentPayload', r.error);
            setAgentOutcome(o ?? NO_ERRORS);
            if (!o) setAgentName('');
          }}
        >
          <Field label="Agent name" name="name" value={agentName} onChange={setAgentName} required error={agentOutcome.fields.name} />
          <Field
            label="Agent scopes"
            name="scopes"
            value={agentScopes}
            onChange={setAgentScopes}
            hint="resource:action, space separated"
            error={agentOutcome.fields.scopes}
          />
          <button className="primary" type="submit">
            Create agent
          </button>
          <ErrorBanner outcome={agentOutcome} />
        </form>
        <ConnectionList
          label="Agents"
          connection={issuer.agents}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, agentsAfter: a }))}
          empty="No agents."
          columns={[
            { header: 'Name', cell: (n) => <Link to={`/console/agents/${n.id}`}>{n.name}</Link> },
            { header: 'Id', cell: (n) => <code>{n.id}</code> },
            { header: 'Scopes', cell: (n) => n.scopes.join(' ') },
            { header: 'Status', cell: (n) => n.status },
          ]}
        />
      </Section>
    </>
  );
}
