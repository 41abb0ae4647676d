/**
 * Operators (owners only): who runs the account, invitations for new operators with a role, and
 * per operator: change the role, suspend or reactivate, remove (confirmed). The last active owner
 * cannot be demoted, suspended or removed: the server's typed error (LAST_OWNER) shows in place.
 */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { Confirm, ErrorBanner, Field, NO_ERRORS, Section, SecretOnce, Status, outcomeOf, when, type Outcome } from '../ui';

const OperatorsQuery = graphql(`
  query ConsoleOperators {
    operators { userId username role status mfa createdAt }
  }
`);

const InviteOperator = graphql(`
  mutation ConsoleInviteOperator($input: InviteOperatorInput!) {
    inviteOperator(input: $input) {
      __typename
      ... on InviteOperatorPayload { acceptUrl expiresAt }
      ... on ValidationError { fields { path message } code message }
      ... on ConflictError { field code message }
      ... on ForbiddenError { field code message }
      ... on BaseError { code message }
      ... on NotFoundError { code message }
    }
  }
`);

const ChangeRole = graphql(`
  mutation ConsoleChangeOperatorRole($input: ChangeOperatorRoleInput!) {
    changeOperatorRole(input: $input) {
      __typename
      ... on OperatorPayload { operator { userId role status } }
      ... on InvalidStateError { code message reason }
      ... on ForbiddenError { field code message }
      ... on NotFoundError { code message }
      ... on ValidationError { fields { path message } code message }
      ... on BaseError { code message }
    }
  }
`);

const Suspend = graphql(`
  mutation ConsoleSuspendOperator($input: OperatorInput!) {
    suspendOperator(input: $input) {
      __typename
      ... on OperatorPayload { operator { userId role status } }
      ... on InvalidStateError { code message reason }
      ... on ForbiddenError { field code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

const Reactivate = graphql(`
  mutation ConsoleReactivateOperator($input: OperatorInput!) {
    reactivateOperator(input: $input) {
      __typename
      ... on OperatorPayload { operator { userId role status } }
      ... on InvalidStateError { code message reason }
      ... on ForbiddenError { field code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

const Remove = graphql(`
  mutation ConsoleRemoveOperator($input: OperatorInput!) {
    removeOperator(input: $input) {
      __typename
      ... on OperatorPayload { operator { userId role status } }
      ... on InvalidStateError { code message reason }
      ... on ForbiddenError { field code message }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

type Role = 'OWNER' | 'ADMIN' | 'READ_ONLY';

export function Operators() {
  const [{ data, fetching, error }] = useQuery({ query: OperatorsQuery });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'OWNER' | 'ADMIN' | 'READ_ONLY'>('ADMIN');
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [link, setLink] = useState<string | null>(null);
  const [, invite] = useMutation(InviteOperator);
  const [, changeRole] = useMutation(ChangeRole);
  const [, suspend] = useMutation(Suspend);
  const [, reactivate] = useMutation(Reactivate);
  const [, remove] = useMutation(Remove);
  const [rowOutcome, setRowOutcome] = useState<Outcome | null>(null);
  const [removing, setRemoving] = useState<{ userId: string; username: string } | null>(null);
  return (
    <>
      <h1>Operators</h1>
      <Section title="Invite an operator">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setLink(null);
            const r = await invite({ input: { email, role } });
            const o = outcomeOf(r.data?.inviteOperator, 'InviteOperatorPayload', r.error);
            setOutcome(o ?? NO_ERRORS);
            if (!o && r.data?.inviteOperator.__typename === 'InviteOperatorPayload') {
              setLink(r.data.inviteOperator.acceptUrl);
              setEmail('');
            }
          }}
        >
          <Field label="Email" name="email" type="email" value={email} onChange={setEmail} required error={outcome.fields.email} />
          <div className="field">
            <label htmlFor="operator-role">Role</label>
            <select id="operator-role" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
              <option value="OWNER">Owner: everything, and managing operators</option>
              <option value="ADMIN">Admin: everything in the account</option>
              <option value="READ_ONLY">Read-only: sees everything, changes nothing</option>
            </select>
          </div>
          <ErrorBanner outcome={outcome} />
          <button className="primary" type="submit">
            Invite operator
          </button>
        </form>
        {link ? <SecretOnce label="Invitation link for the new operator" value={link} /> : null}
      </Section>
      <Section title="Operators">
        {error ? <ErrorBanner outcome={outcomeOf(null, '', error)} /> : null}
        {fetching && !data ? <Status>Loading…</Status> : null}
        {data ? (
          <table>
            <caption className="sr-only">Operators</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">TOTP</th>
                <th scope="col">Since</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.operators.map((o) => (
                <tr key={o.userId}>
                  <td>{o.username}</td>
                  <td>
                    <select
                      aria-label={`Role of ${o.username}`}
                      value={o.role ?? ''}
                      onChange={async (e) => {
                        const r = await changeRole({ input: { userId: o.userId, role: e.target.value as Role } });
                        setRowOutcome(outcomeOf(r.data?.changeOperatorRole, 'OperatorPayload', r.error));
                      }}
                    >
                      {o.role ? null : <option value="">none</option>}
                      <option value="OWNER">owner</option>
                      <option value="ADMIN">admin</option>
                      <option value="READ_ONLY">read-only</option>
                    </select>
                  </td>
                  <td>{o.status}</td>
                  <td>{o.mfa ? 'enrolled' : 'no'}</td>
                  <td>{when(o.createdAt)}</td>
                  <td className="actions">
                    {o.status === 'suspended' ? (
                      <button
                        type="button"
                        aria-label={`Reactivate ${o.username}`}
                        onClick={async () => {
                          const r = await reactivate({ input: { userId: o.userId } });
                          setRowOutcome(outcomeOf(r.data?.reactivateOperator, 'OperatorPayload', r.error));
                        }}
                      >
                        Reactivate
                      </button>
                    ) : (
                      <button
                        type="button"
                        aria-label={`Suspend ${o.username}`}
                        onClick={async () => {
                          const r = await suspend({ input: { userId: o.userId } });
                          setRowOutcome(outcomeOf(r.data?.suspendOperator, 'OperatorPayload', r.error));
                        }}
                      >
                        Suspend
                      </button>
                    )}{' '}
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove ${o.username}…`}
                      onClick={() => setRemoving({ userId: o.userId, username: o.username })}
                    >
                      Remove…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <ErrorBanner outcome={rowOutcome} />
        <Confirm
          open={removing !== null}
          title={`Remove ${removing?.username ?? ''}?`}
          confirmLabel="Remove operator"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            const target = removing!;
            setRemoving(null);
            const r = await remove({ input: { userId: target.userId } });
            setRowOutcome(outcomeOf(r.data?.removeOperator, 'OperatorPayload', r.error));
          }}
        >
          <p>Their role goes and every sign-in of theirs ends at once; what they made with those sign-ins ends with them.</p>
        </Confirm>
      </Section>
    </>
  );
}
