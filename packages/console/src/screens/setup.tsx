/** The one-time setup link: creates the account's first operator (address + password), then signs in. */
import { useState } from 'react';
import { signIn } from '../auth';
import { Field, Status } from '../ui';

export function Setup() {
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  if (done)
    return (
      <main id="main" className="narrow">
        <h1>Your operator account is ready</h1>
        <Status>Sign in with {email} and the password you chose.</Status>
        <button className="primary" type="button" onClick={() => void signIn('/console/')}>
          Sign in
        </button>
      </main>
    );
  if (!token)
    return (
      <main id="main" className="narrow">
        <h1>Create the first operator</h1>
        <p role="alert">This setup link is incomplete: open the link printed by the server on its first start.</p>
      </main>
    );
  return (
    <main id="main" className="narrow">
      <h1>Create the first operator</h1>
      <p>This link works once. The operator you create is an owner of the account: they can invite further operators.</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await fetch('/console/api/setup', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ token, email, password }),
          });
          if (res.status === 201) {
            history.replaceState(null, '', '/console/setup');
            setDone(true);
            return;
          }
          const body = (await res.json().catch(() => ({}))) as { errors?: { path: string; message: string }[] };
          const next: Record<string, string> = {};
          for (const f of body.errors ?? [{ path: '', message: `Setup failed (${res.status}).` }]) next[f.path || 'general'] ??= f.message;
          setErrors(next);
        }}
      >
        <Field
          label="Email address"
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          required
          error={errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          required
          error={errors.password}
          hint="At least 8 characters; long passphrases are best."
        />
        {errors.token || errors.general ? (
          <div className="banner error" role="alert">
            {errors.token ?? errors.general}
          </div>
        ) : null}
        <button className="primary" type="submit">
          Create operator
        </button>
      </form>
    </main>
  );
}
