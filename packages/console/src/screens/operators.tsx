/** Operators (owners only): who runs the account, and invitations for new operators with a role. */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorBanner, Field, NO_ERRORS, Section, SecretOnce, Status, outcomeOf, when, type Outcome } from '../ui';

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

export function Operators() {
  const [{ data, fetching, error }] = useQuery({ query: OperatorsQuery });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'OWNER' | 'ADMIN' | 'READ_ONLY'>('ADMIN');
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [link, setLink] = useState<string | null>(null);
  const [, invite] = useMutation(InviteOperator);
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
              </tr>
            </thead>
            <tbody>
              {data.operators.map((o) => (
                <tr key={o.userId}>
                  <td>{o.username}</td>
                  <td>{o.role?.toLowerCase().replace('_', '-') ?? 'none'}</td>
                  <td>{o.status}</td>
                  <td>{o.mfa ? 'enrolled' : 'no'}</td>
                  <td>{when(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
    </>
  );
}
