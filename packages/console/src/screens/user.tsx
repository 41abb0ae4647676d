/** One user: profile, memberships across organizations, sessions with device info (revoke one, log out everywhere), personal tokens (create once, revoke). */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import {
  ConnectionList,
  ErrorBanner,
  Field,
  Link,
  NO_ERRORS,
  Section,
  SecretOnce,
  Status,
  outcomeOf,
  when,
  type Outcome,
  words,
} from '../ui';

const UserQuery = graphql(`
  query ConsoleUser($id: ID!, $membershipsAfter: String, $sessionsAfter: String) {
    node(id: $id) {
      __typename
      ... on User {
        id username email emailVerified firstName lastName status mfaEnrolled createdAt
        issuer { id name }
        memberships(first: 25, after: $membershipsAfter) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id scopes status organization { id name } } }
        }
        sessions(first: 25, after: $sessionsAfter) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id status userAgent ip createdAt lastSeenAt expiresAt } }
        }
        personalTokens { id name prefix scopes status organizationId createdAt }
      }
    }
  }
`);

const UpdateUser = graphql(`
  mutation ConsoleUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      __typename
      ... on UpdateUserPayload { user { id firstName lastName status } }
      ... on ValidationError { fields { path message } code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const RevokeSession = graphql(`
  mutation ConsoleRevokeSession($input: RevokeSessionInput!) {
    revokeSession(input: $input) {
      __typename
      ... on RevokeSessionPayload { session { id status } }
      ... on BaseError { code message }
      ... on ForbiddenError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const RevokeAll = graphql(`
  mutation ConsoleRevokeUserSessions($input: RevokeUserSessionsInput!) {
    revokeUserSessions(input: $input) {
      __typename
      ... on RevokeUserSessionsPayload { revokedCount }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const CreatePersonalToken = graphql(`
  mutation ConsoleCreatePersonalToken($input: CreatePersonalTokenInput!) {
    createPersonalToken(input: $input) {
      __typename
      ... on CreatePersonalTokenPayload { token personalToken { id name prefix scopes status organizationId createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const RevokePersonalToken = graphql(`
  mutation ConsoleRevokePersonalToken($input: RevokePersonalTokenInput!) {
    revokePersonalToken(input: $input) {
      __typename
      ... on RevokePersonalTokenPayload { personalToken { id status } }
      ... on BaseError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

export function User({ id }: { id: string }) {
  const [pages, setPages] = useState<{ membershipsAfter?: string; sessionsAfter?: string }>({});
  const [{ data, fetching, error }, refetch] = useQuery({ query: UserQuery, variables: { id, ...pages } });
  const [profile, setProfile] = useState<{ firstName: string; lastName: string } | null>(null);
  const [profileOutcome, setProfileOutcome] = useState<Outcome>(NO_ERRORS);
  const [, updateUser] = useMutation(UpdateUser);
  const [, revokeSession] = useMutation(RevokeSession);
  const [, revokeAll] = useMutation(RevokeAll);
  const [sessionsOutcome, setSessionsOutcome] = useState<Outcome | null>(null);
  const [sessionsDone, setSessionsDone] = useState<string | null>(null);
  const [tokenName, setTokenName] = useState('');
  const [tokenOrg, setTokenOrg] = useState('');
  const [tokenScopes, setTokenScopes] = useState('');
  const [tokenOutcome, setTokenOutcome] = useState<Outcome>(NO_ERRORS);
  const [token, setToken] = useState<string | null>(null);
  const [, createToken] = useMutation(CreatePersonalToken);
  const [, revokeToken] = useMutation(RevokePersonalToken);

  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  const user = data?.node?.__typename === 'User' ? data.node : null;
  if (!user) return fetching ? <Status>Loading…</Status> : <p>No such user.</p>;
  const form = profile ?? { firstName: user.firstName ?? '', lastName: user.lastName ?? '' };
  return (
    <>
      <p className="crumbs">{user.issuer ? <Link to={`/console/issuers/${user.issuer.id}`}>{user.issuer.name}</Link> : null} / user</p>
      <h1>{user.username}</h1>
      <Section title="Profile">
        <dl className="facts">
          <dt>Id</dt>
          <dd>
            <code>{user.id}</code>
          </dd>
          <dt>Email</dt>
          <dd>
            {user.email ?? '—'} {user.emailVerified ? '(verified)' : ''}
          </dd>
          <dt>Status</dt>
          <dd>{user.status.toLowerCase()}</dd>
          <dt>Second factor</dt>
          <dd>{user.mfaEnrolled ? 'TOTP enrolled' : 'none'}</dd>
          <dt>Created</dt>
          <dd>{when(user.createdAt)}</dd>
        </dl>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await updateUser({ input: { id: user.id, firstName: form.firstName || null, lastName: form.lastName || null } });
            const o = outcomeOf(r.data?.updateUser, 'UpdateUserPayload', r.error);
            setProfileOutcome(o ?? NO_ERRORS);
            if (!o) setProfile(null);
          }}
        >
          <Field
            label="First name"
            name="firstName"
            value={form.firstName}
            onChange={(v) => setProfile({ ...form, firstName: v })}
            error={profileOutcome.fields.firstName}
          />
          <Field
            label="Last name"
            name="lastName"
            value={form.lastName}
            onChange={(v) => setProfile({ ...form, lastName: v })}
            error={profileOutcome.fields.lastName}
          />
          <ErrorBanner outcome={profileOutcome} />
          <button className="primary" type="submit">
            Save profile
          </button>
        </form>
      </Section>
      <Section title="Memberships">
        <ConnectionList
          label="Memberships"
          connection={user.memberships}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, membershipsAfter: a }))}
          empty="Not a member of any organization."
          columns={[
            {
              header: 'Organization',
              cell: (n) => (n.organization ? <Link to={`/console/organizations/${n.organization.id}`}>{n.organization.name}</Link> : '—'),
            },
            { header: 'Scopes', cell: (n) => n.scopes.join(' ') },
            { header: 'Status', cell: (n) => n.status.toLowerCase() },
          ]}
        />
      </Section>
      <Section title="Sessions">
        <button
          type="button"
          className="danger"
          onClick={async () => {
            const r = await revokeAll({ input: { userId: user.id } });
            const o = outcomeOf(r.data?.revokeUserSessions, 'RevokeUserSessionsPayload', r.error);
            setSessionsOutcome(o);
            if (!o && r.data?.revokeUserSessions.__typename === 'RevokeUserSessionsPayload')
              setSessionsDone(`${r.data.revokeUserSessions.revokedCount} sessions ended.`);
            refetch({ requestPolicy: 'network-only' });
          }}
        >
          Log out everywhere
        </button>
        <ErrorBanner outcome={sessionsOutcome} />
        {sessionsDone ? <Status>{sessionsDone}</Status> : null}
        <ConnectionList
          label="Sessions"
          connection={user.sessions}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, sessionsAfter: a }))}
          empty="No sessions."
          columns={[
            {
              header: 'Device',
              cell: (n) => (n.userAgent ? <span title={n.userAgent}>{deviceOf(n.userAgent)}</span> : 'unknown'),
            },
            { header: 'Signed in', cell: (n) => when(n.createdAt) },
            { header: 'IP', cell: (n) => n.ip ?? '—' },
            { header: 'Last seen', cell: (n) => when(n.lastSeenAt) },
            { header: 'Status', cell: (n) => n.status.toLowerCase() },
            {
              header: 'Actions',
              cell: (n) =>
                n.status === 'ACTIVE' ? (
                  <button
                    type="button"
                    aria-label={`Revoke session ${n.id}`}
                    onClick={async () => {
                      const r = await revokeSession({ input: { id: n.id } });
                      setSessionsOutcome(outcomeOf(r.data?.revokeSession, 'RevokeSessionPayload', r.error));
                    }}
                  >
                    Revoke session
                  </button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Section>
      <Section title="Personal tokens">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            setToken(null);
            const r = await createToken({
              input: { userId: user.id, organizationId: tokenOrg, name: tokenName, scopes: words(tokenScopes) },
            });
            const o = outcomeOf(r.data?.createPersonalToken, 'CreatePersonalTokenPayload', r.error);
            setTokenOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.createPersonalToken.__typename === 'CreatePersonalTokenPayload') {
              setToken(r.data.createPersonalToken.token);
              setTokenName('');
              refetch({ requestPolicy: 'network-only' });
            }
          }}
        >
          <Field label="Token name" name="name" value={tokenName} onChange={setTokenName} required error={tokenOutcome.fields.name} />
          <Field
            label="Organization id"
            name="organizationId"
            value={tokenOrg}
            onChange={setTokenOrg}
            required
            placeholder="org_…"
            error={tokenOutcome.fields.organizationId}
          />
          <Field
            label="Token scopes"
            name="scopes"
            value={tokenScopes}
            onChange={setTokenScopes}
            required
            error={tokenOutcome.fields.scopes}
          />
          <button className="primary" type="submit">
            Create personal token
          </button>
          <ErrorBanner outcome={tokenOutcome} />
        </form>
        {token ? <SecretOnce label="Personal token" value={token} /> : null}
        <table>
          <caption className="sr-only">Personal tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {user.personalTokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{t.scopes.join(' ')}</td>
                <td>{t.status.toLowerCase()}</td>
                <td>
                  {t.status === 'ACTIVE' ? (
                    <button type="button" onClick={() => void revokeToken({ input: { id: t.id } })}>
                      Revoke {t.name}
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}

/**
 * A short name for the device a session signed in from ("Firefox 133 on Linux"), read from its
 * User-Agent; the whole header is in the cell's title. Unknown shapes show the header itself.
 */
function deviceOf(userAgent: string): string {
  const browser = (
    [
      [/Edg\/(\d+)/, 'Edge'],
      [/OPR\/(\d+)/, 'Opera'],
      [/Firefox\/(\d+)/, 'Firefox'],
      [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
      [/Version\/(\d+)[^ ]* .*Safari\//, 'Safari'],
      [/curl\/(\d+)/, 'curl'],
    ] as const
  ).reduce<string | null>((found, [re, name]) => {
    if (found) return found;
    const m = userAgent.match(re);
    return m ? `${name} ${m[1]}` : null;
  }, null);
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Android/.test(userAgent)
          ? 'Android'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser) return userAgent.length > 60 ? `${userAgent.slice(0, 60)}…` : userAgent;
  return os ? `${browser} on ${os}` : browser;
}
