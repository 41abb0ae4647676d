/**
 * One client and one agent (issue 15: "clients and agents — create, edit, secrets once,
 * verifiers"). A client: edit its name, redirect URIs and scopes (`updateClient`; typed errors on
 * the fields they name), rotate a confidential client's secret (the new one shown once, the old
 * one working for the overlap). An agent: edit name and scopes, suspend or reactivate, its
 * verifiers (create a secret verifier — the secret shown once — or revoke one).
 */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorBanner, Field, Link, NO_ERRORS, Section, SecretOnce, Status, outcomeOf, when, type Outcome, words } from '../ui';

const ClientQuery = graphql(`
  query ConsoleClient($id: ID!) {
    node(id: $id) {
      __typename
      ... on Client {
        id name type confidential redirectUris scopes grantTypes secretPrefix previousSecretExpiresAt createdAt
        issuer { id name }
      }
    }
  }
`);

const UpdateClient = graphql(`
  mutation ConsoleUpdateClient($input: UpdateClientInput!) {
    updateClient(input: $input) {
      __typename
      ... on UpdateClientPayload { changed client { id name redirectUris scopes } }
      ... on ValidationError { fields { path message } code message }
      ... on ConflictError { field code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

const RotateClientSecret = graphql(`
  mutation ConsoleRotateClientSecret($input: RotateClientSecretInput!) {
    rotateClientSecret(input: $input) {
      __typename
      ... on RotateClientSecretPayload { secret previousSecretExpiresAt client { id secretPrefix previousSecretExpiresAt } }
      ... on InvalidStateError { code message reason }
      ... on ConflictError { field code message }
      ... on ValidationError { fields { path message } code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

export function Client({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ClientQuery, variables: { id } });
  const [, update] = useMutation(UpdateClient);
  const [, rotate] = useMutation(RotateClientSecret);
  const [edit, setEdit] = useState<{ name: string; redirectUris: string; scopes: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [rotateOutcome, setRotateOutcome] = useState<Outcome | null>(null);
  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  const client = data?.node?.__typename === 'Client' ? data.node : null;
  if (!client) return fetching ? <Status>Loading…</Status> : <p>No such client.</p>;
  const form = edit ?? { name: client.name, redirectUris: client.redirectUris.join('\n'), scopes: client.scopes.join(' ') };
  const set = (patch: Partial<typeof form>) => setEdit({ ...form, ...patch });
  return (
    <>
      <h1>Client {client.name}</h1>
      <p>
        Issuer <Link to={`/console/issuers/${client.issuer.id}`}>{client.issuer.name}</Link> · <code>{client.id}</code> ·{' '}
        {client.confidential ? 'confidential' : 'public'} · created {when(client.createdAt)}
      </p>
      <Section title="Edit">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setSaved(null);
            const r = await update({
              input: { id: client.id, name: form.name, redirectUris: words(form.redirectUris), scopes: words(form.scopes) },
            });
            const o = outcomeOf(r.data?.updateClient, 'UpdateClientPayload', r.error);
            setOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.updateClient.__typename === 'UpdateClientPayload') {
              setEdit(null);
              const changed = r.data.updateClient.changed;
              setSaved(changed.length ? `Saved: ${changed.join(', ')}.` : 'Nothing changed.');
            }
          }}
        >
          <Field
            label="Client name"
            name="name"
            value={form.name}
            onChange={(v) => set({ name: v })}
            required
            error={outcome.fields.name}
          />
          <Field
            label="Redirect URIs"
            name="redirectUris"
            value={form.redirectUris}
            onChange={(v) => set({ redirectUris: v })}
            error={outcome.fields.redirectUris}
            hint="Separated by spaces or new lines."
          />
          <Field
            label="Client scopes"
            name="scopes"
            value={form.scopes}
            onChange={(v) => set({ scopes: v })}
            error={outcome.fields.scopes}
          />
          <ErrorBanner outcome={outcome} />
          <button className="primary" type="submit">
            Save client
          </button>
          {saved ? <Status>{saved}</Status> : null}
        </form>
      </Section>
      {client.confidential ? (
        <Section title="Secret">
          <p>
            Current secret starts with <code>{client.secretPrefix ?? '—'}</code>
            {client.previousSecretExpiresAt ? `; the previous one works until ${when(client.previousSecretExpiresAt)}` : ''}.
          </p>
          <button
            type="button"
            onClick={async () => {
              setSecret(null);
              const r = await rotate({ input: { id: client.id } });
              const o = outcomeOf(r.data?.rotateClientSecret, 'RotateClientSecretPayload', r.error);
              setRotateOutcome(o);
              if (!o && r.data?.rotateClientSecret.__typename === 'RotateClientSecretPayload') setSecret(r.data.rotateClientSecret.secret);
            }}
          >
            Rotate secret
          </button>
          <ErrorBanner outcome={rotateOutcome} />
          {secret ? <SecretOnce label="New client secret" value={secret} /> : null}
        </Section>
      ) : null}
    </>
  );
}

const AgentQuery = graphql(`
  query ConsoleAgent($id: ID!) {
    node(id: $id) {
      __typename
      ... on Agent {
        id name status scopes createdAt
        issuer { id name }
        verifiers { id type status secretPrefix expiresAt revokedAt createdAt }
      }
    }
  }
`);

const UpdateAgent = graphql(`
  mutation ConsoleUpdateAgent($input: UpdateAgentInput!) {
    updateAgent(input: $input) {
      __typename
      ... on UpdateAgentPayload { agent { id name status scopes } }
      ... on ValidationError { fields { path message } code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

const CreateVerifier = graphql(`
  mutation ConsoleCreateAgentVerifier($input: CreateAgentVerifierInput!) {
    createAgentVerifier(input: $input) {
      __typename
      ... on CreateAgentVerifierPayload { secret verifier { id type status secretPrefix expiresAt revokedAt createdAt } }
      ... on ValidationError { fields { path message } code message }
      ... on ForbiddenError { field code message }
      ... on LimitReachedError { code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

const RevokeVerifier = graphql(`
  mutation ConsoleRevokeAgentVerifier($input: RevokeAgentVerifierInput!) {
    revokeAgentVerifier(input: $input) {
      __typename
      ... on RevokeAgentVerifierPayload { verifier { id status revokedAt } }
      ... on InvalidStateError { code message reason }
      ... on ValidationError { fields { path message } code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

export function Agent({ id }: { id: string }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AgentQuery, variables: { id } });
  const [, update] = useMutation(UpdateAgent);
  const [, createVerifier] = useMutation(CreateVerifier);
  const [, revokeVerifier] = useMutation(RevokeVerifier);
  const [edit, setEdit] = useState<{ name: string; scopes: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [verifierOutcome, setVerifierOutcome] = useState<Outcome | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  const agent = data?.node?.__typename === 'Agent' ? data.node : null;
  if (!agent) return fetching ? <Status>Loading…</Status> : <p>No such agent.</p>;
  const form = edit ?? { name: agent.name, scopes: agent.scopes.join(' ') };
  return (
    <>
      <h1>Agent {agent.name}</h1>
      <p>
        Issuer <Link to={`/console/issuers/${agent.issuer?.id}`}>{agent.issuer?.name}</Link> · <code>{agent.id}</code> ·{' '}
        <span data-testid="agent-status">{agent.status.toLowerCase()}</span> · created {when(agent.createdAt)}
      </p>
      <Section title="Edit">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await update({ input: { id: agent.id, name: form.name, scopes: words(form.scopes) } });
            const o = outcomeOf(r.data?.updateAgent, 'UpdateAgentPayload', r.error);
            setOutcome(o ?? NO_ERRORS);
            if (!o) setEdit(null);
          }}
        >
          <Field
            label="Agent name"
            name="name"
            value={form.name}
            onChange={(v) => setEdit({ ...form, name: v })}
            required
            error={outcome.fields.name}
          />
          <Field
            label="Agent scopes"
            name="scopes"
            value={form.scopes}
            onChange={(v) => setEdit({ ...form, scopes: v })}
            error={outcome.fields.scopes}
          />
          <ErrorBanner outcome={outcome} />
          <div className="actions">
            <button className="primary" type="submit">
              Save agent
            </button>
            <button
              type="button"
              onClick={async () => {
                const r = await update({ input: { id: agent.id, status: agent.status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE' } });
                setOutcome(outcomeOf(r.data?.updateAgent, 'UpdateAgentPayload', r.error) ?? NO_ERRORS);
              }}
            >
              {agent.status === 'ACTIVE' ? 'Suspend agent' : 'Reactivate agent'}
            </button>
          </div>
        </form>
      </Section>
      <Section title="Verifiers">
        <p>How the agent authenticates at the token endpoint: a secret, or a public key for private_key_jwt.</p>
        <button
          type="button"
          onClick={async () => {
            setSecret(null);
            const r = await createVerifier({ input: { agentId: agent.id, type: 'SECRET' } });
            const o = outcomeOf(r.data?.createAgentVerifier, 'CreateAgentVerifierPayload', r.error);
            setVerifierOutcome(o);
            if (!o && r.data?.createAgentVerifier.__typename === 'CreateAgentVerifierPayload') {
              setSecret(r.data.createAgentVerifier.secret ?? null);
              reexecute({ requestPolicy: 'network-only' });
            }
          }}
        >
          Create secret verifier
        </button>
        <ErrorBanner outcome={verifierOutcome} />
        {secret ? <SecretOnce label="New agent secret" value={secret} /> : null}
        {agent.verifiers.length === 0 ? (
          <p className="empty">No verifiers.</p>
        ) : (
          <table>
            <caption className="sr-only">Verifiers</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Type</th>
                <th scope="col">Starts with</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {agent.verifiers.map((v) => (
                <tr key={v.id}>
                  <td>
                    <code>{v.id}</code>
                  </td>
                  <td>{v.type === 'SECRET' ? 'secret' : 'private_key_jwt'}</td>
                  <td>{v.secretPrefix ? <code>{v.secretPrefix}</code> : '—'}</td>
                  <td>{v.status.toLowerCase()}</td>
                  <td>{when(v.expiresAt)}</td>
                  <td>
                    {v.status === 'ACTIVE' ? (
                      <button
                        type="button"
                        aria-label={`Revoke verifier ${v.id}`}
                        onClick={async () => {
                          const r = await revokeVerifier({ input: { id: v.id } });
                          setVerifierOutcome(outcomeOf(r.data?.revokeAgentVerifier, 'RevokeAgentVerifierPayload', r.error));
                        }}
                      >
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
