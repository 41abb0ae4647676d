/**
 * Your sign-in: the signed-in operator's role and their own two-step verification (TOTP), enrolled
 * with the same enrollTotp/verifyTotp every user's enrolment uses (the otpauth:// link and the key
 * are shown once; a current code confirms them; every later sign-in asks for a code). This is the
 * one change a read-only operator may make, and only on their own user.
 */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorBanner, Field, NO_ERRORS, Section, Status, outcomeOf, type Outcome } from '../ui';

const AccountQuery = graphql(`
  query ConsoleAccount {
    currentOperator { userId role mfa }
  }
`);

const Enroll = graphql(`
  mutation ConsoleEnrollOwnTotp($input: EnrollTotpInput!) {
    enrollTotp(input: $input) {
      __typename
      ... on EnrollTotpPayload { secret otpauthUri }
      ... on ValidationError { fields { path message } code message }
      ... on InvalidStateError { code message reason }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

const Verify = graphql(`
  mutation ConsoleVerifyOwnTotp($input: VerifyTotpInput!) {
    verifyTotp(input: $input) {
      __typename
      ... on ValidationError { fields { path message } code message }
      ... on InvalidStateError { code message reason }
      ... on NotFoundError { code message }
      ... on BaseError { code message }
    }
  }
`);

export function Account() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AccountQuery });
  const [, enroll] = useMutation(Enroll);
  const [, verify] = useMutation(Verify);
  const [pending, setPending] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(NO_ERRORS);
  const [done, setDone] = useState(false);
  if (error) return <ErrorBanner outcome={outcomeOf(null, '', error)} />;
  const me = data?.currentOperator;
  if (!me) return fetching ? <Status>Loading…</Status> : <p>Not signed in as an operator.</p>;
  return (
    <>
      <h1>Your sign-in</h1>
      <p>
        Role: <strong>{me.role.toLowerCase().replace('_', '-')}</strong>
      </p>
      <Section title="Two-step verification">
        <p data-testid="mfa-state">
          {me.mfa ? 'An authenticator app (TOTP) is enrolled: every sign-in asks for its code.' : 'No authenticator app is enrolled.'}
        </p>
        {done ? <Status>Enrolled. Your next sign-in asks for a code.</Status> : null}
        {pending ? (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const r = await verify({ input: { userId: me.userId, code } });
              const o = outcomeOf(r.data?.verifyTotp, 'VerifyTotpPayload', r.error);
              setOutcome(o ?? NO_ERRORS);
              if (!o) {
                setPending(null);
                setCode('');
                setDone(true);
                refetch({ requestPolicy: 'network-only' });
              }
            }}
          >
            <p>
              Add this account to your authenticator app: open the <a href={pending.otpauthUri}>otpauth link</a> on this device, or enter
              the key by hand.
            </p>
            <p>
              Key: <code data-testid="totp-secret">{pending.secret}</code>
            </p>
            <Field
              label="Code from the app"
              name="code"
              value={code}
              onChange={setCode}
              required
              autoComplete="one-time-code"
              error={outcome.fields.code}
            />
            <ErrorBanner outcome={outcome} />
            <button className="primary" type="submit">
              Confirm
            </button>
          </form>
        ) : (
          <>
            <button
              type="button"
              onClick={async () => {
                setDone(false);
                const r = await enroll({ input: { userId: me.userId } });
                const o = outcomeOf(r.data?.enrollTotp, 'EnrollTotpPayload', r.error);
                setOutcome(o ?? NO_ERRORS);
                if (!o && r.data?.enrollTotp.__typename === 'EnrollTotpPayload')
                  setPending({ secret: r.data.enrollTotp.secret, otpauthUri: r.data.enrollTotp.otpauthUri });
              }}
            >
              {me.mfa ? 'Replace the authenticator app' : 'Set up an authenticator app (TOTP)'}
            </button>
            <ErrorBanner outcome={outcome} />
          </>
        )}
      </Section>
    </>
  );
}
