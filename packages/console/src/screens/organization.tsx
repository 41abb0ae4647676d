/**
 * One organization: edit, suspend/reactivate, delete (a confirmation listing what cascades),
 * members (add, a scope editor, suspend), invitations and organization API keys (secret once,
 * revoke).
 */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import {
  Confirm,
  ConnectionList,
  ErrorBanner,
  Field,
  Link,
  NO_ERRORS,
  Section,
  SecretOnce,
  Status,
  navigate,
  outcomeOf,
  when,
  type Outcome,
  words,
} from '../ui';

const OrganizationQuery = graphql(`
  query ConsoleOrganization($id: ID!, $membersAfter: String, $keysAfter: String, $invitationsAfter: String) {
    organization(id: $id) {
      id name slug status suspendedAt contactEmail defaultMemberScopes createdAt
      issuer { id name }
      domains { domain verified }
      members(first: 25, after: $membersAfter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id memberId scopes status title user { id username } agent { id name } } }
      }
      apiKeys(first: 25, after: $keysAfter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name prefix scopes status createdAt lastUsedAt } }
      }
      invitations(first: 25, after: $invitationsAfter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id email scopes status expiresAt } }
      }
    }
  }
`);

const UpdateOrganization = graphql(`
  mutation ConsoleUpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      __typename
      ... on UpdateOrganizationPayload { organization { id name slug contactEmail } }
      ... on ValidationError { fields { path message } code message }
      ... on ConflictError { field code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const Suspend = graphql(`
  mutation ConsoleSuspendOrganization($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) {
      __typename
      ... on SuspendOrganizationPayload { organization { id status suspendedAt } }
      ... on BaseError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const Reactivate = graphql(`
  mutation ConsoleReactivateOrganization($input: ReactivateOrganizationInput!) {
    reactivateOrganization(input: $input) {
      __typename
      ... on ReactivateOrganizationPayload { organization { id status suspendedAt } }
      ... on BaseError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const Delete = graphql(`
  mutation ConsoleDeleteOrganization($input: DeleteOrganizationInput!) {
    deleteOrganization(input: $input) {
      __typename
      ... on DeleteOrganizationPayload { deletedOrganizationId }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

const CreateMembership = graphql(`
  mutation ConsoleCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) {
      __typename
      ... on CreateMembershipPayload { membership { id memberId scopes status } }
      ... on ValidationError { fields { path message } code message }
      ... on ConflictError { field code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on LimitReachedError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const UpdateMembership = graphql(`
  mutation ConsoleUpdateMembership($input: UpdateMembershipInput!) {
    updateMembership(input: $input) {
      __typename
      ... on UpdateMembershipPayload { membership { id scopes status } }
      ... on ValidationError { fields { path message } code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const CreateInvitation = graphql(`
  mutation ConsoleCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { acceptUrl invitation { id email scopes status expiresAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const CreateApiKey = graphql(`
  mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { token apiKey { id name prefix scopes status createdAt lastUsedAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation ConsoleRevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      __typename
      ... on RevokeApiKeyPayload { apiKey { id status } }
      ... on BaseError { code message }
      ... on ForbiddenError { code message }
      ... on InvalidStateError { code message }
      ... on NotFoundError { code message }
      ... on ValidationError { code message }
    }
  }
`);

/** The scope editor of one membership: the scopes as text, saved with updateMembership. */
function ScopeEditor({ id, scopes, onOutcome }: { id: string; scopes: string[]; onOutcome: (o: Outcome | null) => void }) {
  const [value, setValue] = useState(scopes.join(' '));
  const [error, setError] = useState<string | undefined>();
  const [, update] = useMutation(UpdateMembership);
  return (
    <form
      className="inline compact"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await update({ input: { id, scopes: words(value) } });
        const o = outcomeOf(r.data?.updateMembership, 'UpdateMembershipPayload', r.error);
        setError(o?.fields.scopes);
        onOutcome(o && !o.fields.scopes ? o : null);
      }}
    >
      <Field label={`Scopes of ${id}`} name="scopes" value={value} onChange={setValue} error={error} />
      <button type="submit">Save scopes</button>
    </form>
  );
}

export function Organization({ id }: { id: string }) {
  const [pages, setPages] = useState<{ membersAfter?: string; keysAfter?: string; invitationsAfter?: string }>({});
  const [{ data, fetching, error }] = useQuery({ query: OrganizationQuery, variables: { id, ...pages } });
  const [edit, setEdit] = useState<{ name: string; contactEmail: string } | null>(null);
  const [editOutcome, setEditOutcome] = useState<Outcome>(NO_ERRORS);
  const [, update] = useMutation(UpdateOrganization);
  const [, suspend] = useMutation(Suspend);
  const [, reactivate] = useMutation(Reactivate);
  const [, remove] = useMutation(Delete);
  const [lifecycle, setLifecycle] = useState<Outcome | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [memberId, setMemberId] = useState('');
  const [memberScopes, setMemberScopes] = useState('');
  const [memberOutcome, setMemberOutcome] = useState<Outcome>(NO_ERRORS);
  const [membershipOutcome, setMembershipOutcome] = useState<Outcome | null>(null);
  const [, createMembership] = useMutation(CreateMembership);
  const [, updateMembership] = useMutation(UpdateMembership);
  const [inviteEmail, setInviteEmail] = useState('');
  const [inviteScopes, setInviteScopes] = useState('');
  const [inviteOutcome, setInviteOutcome] = useState<Outcome>(NO_ERRORS);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const [, createInvitation] = useMutation(CreateInvitation);
  const [keyName, setKeyName] = useState('');
  const [keyScopes, setKeyScopes] = useState('');
  const [keyOutcome, setKeyOutcome] = useState<Outcome>(NO_ERRORS);
  const [secret, setSecret] = useState<string | null>(null);
  const [, createKey] = useMutation(CreateApiKey);
  const [, revokeKey] = useMutation(RevokeApiKey);
  const [revokeOutcome, setRevokeOutcome] = useState<Outcome | null>(null);

  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  const org = data?.organization;
  if (!org) return fetching ? <Status>Loading…</Status> : <p>No such organization.</p>;
  const form = edit ?? { name: org.name, contactEmail: org.contactEmail ?? '' };

  return (
    <>
      <p className="crumbs">
        <Link to={`/console/issuers/${org.issuer.id}`}>{org.issuer.name}</Link> / organization
      </p>
      <h1>
        {org.name} <span className={`badge ${org.status.toLowerCase()}`}>{org.status.toLowerCase()}</span>
      </h1>
      <Section title="Profile">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await update({ input: { id: org.id, name: form.name, contactEmail: form.contactEmail || null } });
            const o = outcomeOf(r.data?.updateOrganization, 'UpdateOrganizationPayload', r.error);
            setEditOutcome(o ?? NO_ERRORS);
            if (!o) setEdit(null);
          }}
        >
          <Field
            label="Name"
            name="name"
            value={form.name}
            onChange={(v) => setEdit({ ...form, name: v })}
            required
            error={editOutcome.fields.name}
          />
          <Field
            label="Contact email"
            name="contactEmail"
            type="email"
            value={form.contactEmail}
            onChange={(v) => setEdit({ ...form, contactEmail: v })}
            error={editOutcome.fields.contactEmail}
          />
          <ErrorBanner outcome={editOutcome} />
          <button className="primary" type="submit">
            Save
          </button>
        </form>
        <dl className="facts">
          <dt>Id</dt>
          <dd>
            <code>{org.id}</code>
          </dd>
          <dt>Slug</dt>
          <dd>{org.slug}</dd>
          <dt>Created</dt>
          <dd>{when(org.createdAt)}</dd>
          {org.suspendedAt ? (
            <>
              <dt>Suspended</dt>
              <dd>{when(org.suspendedAt)}</dd>
            </>
          ) : null}
        </dl>
      </Section>
      <Section title="Lifecycle">
        <div className="actions">
          {org.status === 'ACTIVE' ? (
            <button
              type="button"
              onClick={async () => {
                const r = await suspend({ input: { id: org.id } });
                setLifecycle(outcomeOf(r.data?.suspendOrganization, 'SuspendOrganizationPayload', r.error));
              }}
            >
              Suspend organization
            </button>
          ) : (
            <button
              type="button"
              onClick={async () => {
                const r = await reactivate({ input: { id: org.id } });
                setLifecycle(outcomeOf(r.data?.reactivateOrganization, 'ReactivateOrganizationPayload', r.error));
              }}
            >
              Reactivate organization
            </button>
          )}
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            Delete organization…
          </button>
        </div>
        <ErrorBanner outcome={lifecycle} />
        <Confirm
          open={confirmDelete}
          title={`Delete ${org.name}?`}
          confirmLabel="Delete for good"
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={async () => {
            const r = await remove({ input: { id: org.id } });
            const o = outcomeOf(r.data?.deleteOrganization, 'DeleteOrganizationPayload', r.error);
            setConfirmDelete(false);
            setLifecycle(o);
            if (!o) navigate(`/console/issuers/${org.issuer.id}`);
          }}
        >
          <p>Deleting cannot be undone. With the organization go:</p>
          <ul>
            <li>{org.members.totalCount} memberships</li>
            <li>{org.invitations.totalCount} invitations</li>
            <li>{org.apiKeys.totalCount} organization API keys (they stop working at once)</li>
            <li>{org.domains.length} domains and its SSO configuration</li>
            <li>every scope that personal tokens and sign-in sessions hold in it (they keep nothing there, at once)</li>
          </ul>
        </Confirm>
      </Section>
      <Section title="Members">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await createMembership({ input: { organizationId: org.id, memberId, scopes: words(memberScopes) } });
            const o = outcomeOf(r.data?.createMembership, 'CreateMembershipPayload', r.error);
            setMemberOutcome(o ?? NO_ERRORS);
            if (!o) {
              setMemberId('');
              setMemberScopes('');
            }
          }}
        >
          <Field
            label="User or agent id"
            name="memberId"
            value={memberId}
            onChange={setMemberId}
            required
            placeholder="usr_… or agt_…"
            error={memberOutcome.fields.memberId}
          />
          <Field
            label="Member scopes"
            name="scopes"
            value={memberScopes}
            onChange={setMemberScopes}
            hint="resource:action, space separated"
            error={memberOutcome.fields.scopes}
          />
          <button className="primary" type="submit">
            Add member
          </button>
          <ErrorBanner outcome={memberOutcome} />
        </form>
        <ErrorBanner outcome={membershipOutcome} />
        <ConnectionList
          label="Members"
          connection={org.members}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, membersAfter: a }))}
          empty="No members."
          columns={[
            {
              header: 'Member',
              cell: (n) => (n.user ? <Link to={`/console/users/${n.user.id}`}>{n.user.username}</Link> : (n.agent?.name ?? n.memberId)),
            },
            { header: 'Scopes', cell: (n) => <ScopeEditor id={n.id} scopes={n.scopes} onOutcome={setMembershipOutcome} /> },
            { header: 'Status', cell: (n) => n.status.toLowerCase() },
            {
              header: 'Actions',
              cell: (n) => (
                <button
                  type="button"
                  onClick={async () => {
                    const r = await updateMembership({ input: { id: n.id, status: n.status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE' } });
                    setMembershipOutcome(outcomeOf(r.data?.updateMembership, 'UpdateMembershipPayload', r.error));
                  }}
                >
                  {n.status === 'ACTIVE' ? 'Suspend member' : 'Reactivate member'}
                </button>
              ),
            },
          ]}
        />
      </Section>
      <Section title="Invitations">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            setInviteUrl(null);
            const r = await createInvitation({ input: { organizationId: org.id, email: inviteEmail, scopes: words(inviteScopes) } });
            const o = outcomeOf(r.data?.createInvitation, 'CreateInvitationPayload', r.error);
            setInviteOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.createInvitation.__typename === 'CreateInvitationPayload') {
              setInviteUrl(r.data.createInvitation.acceptUrl);
              setInviteEmail('');
            }
          }}
        >
          <Field
            label="Invitee email"
            name="email"
            type="email"
            value={inviteEmail}
            onChange={setInviteEmail}
            required
            error={inviteOutcome.fields.email}
          />
          <Field
            label="Invitation scopes"
            name="scopes"
            value={inviteScopes}
            onChange={setInviteScopes}
            error={inviteOutcome.fields.scopes}
          />
          <button className="primary" type="submit">
            Invite
          </button>
          <ErrorBanner outcome={inviteOutcome} />
        </form>
        {inviteUrl ? <SecretOnce label="Invitation link" value={inviteUrl} /> : null}
        <ConnectionList
          label="Invitations"
          connection={org.invitations}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, invitationsAfter: a }))}
          empty="No invitations."
          columns={[
            { header: 'Email', cell: (n) => n.email },
            { header: 'Scopes', cell: (n) => n.scopes.join(' ') },
            { header: 'Status', cell: (n) => n.status.toLowerCase() },
            { header: 'Expires', cell: (n) => when(n.expiresAt) },
          ]}
        />
      </Section>
      <Section title="API keys">
        <form
          className="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            setSecret(null);
            const r = await createKey({ input: { organizationId: org.id, name: keyName, scopes: words(keyScopes) } });
            const o = outcomeOf(r.data?.createApiKey, 'CreateApiKeyPayload', r.error);
            setKeyOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.createApiKey.__typename === 'CreateApiKeyPayload') {
              setSecret(r.data.createApiKey.token);
              setKeyName('');
              setKeyScopes('');
            }
          }}
        >
          <Field label="Key name" name="name" value={keyName} onChange={setKeyName} required error={keyOutcome.fields.name} />
          <Field
            label="Key scopes"
            name="scopes"
            value={keyScopes}
            onChange={setKeyScopes}
            required
            hint="At least one resource:action scope"
            error={keyOutcome.fields.scopes}
          />
          <button className="primary" type="submit">
            Create API key
          </button>
          <ErrorBanner outcome={keyOutcome} />
        </form>
        {secret ? <SecretOnce label="API key (bearer token)" value={secret} /> : null}
        <ErrorBanner outcome={revokeOutcome} />
        <ConnectionList
          label="API keys"
          connection={org.apiKeys}
          fetching={fetching}
          onMore={(a) => setPages((p) => ({ ...p, keysAfter: a }))}
          empty="No API keys."
          columns={[
            { header: 'Name', cell: (n) => n.name },
            { header: 'Prefix', cell: (n) => <code>{n.prefix}…</code> },
            { header: 'Scopes', cell: (n) => n.scopes.join(' ') },
            { header: 'Status', cell: (n) => n.status.toLowerCase() },
            { header: 'Last used', cell: (n) => when(n.lastUsedAt) },
            {
              header: 'Actions',
              cell: (n) =>
                n.status === 'ACTIVE' ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={async () => {
                      const r = await revokeKey({ input: { id: n.id } });
                      setRevokeOutcome(outcomeOf(r.data?.revokeApiKey, 'RevokeApiKeyPayload', r.error));
                    }}
                  >
                    Revoke {n.name}
                  </button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Section>
    </>
  );
}
