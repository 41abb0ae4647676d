/**
 * The one-time setup link: creates the account's first operator (address + password, and TOTP
 * when they choose it: the server gives a secret as an otpauth:// link and text, a current code
 * from the app confirms it in the same request), then signs in.
 */
import { useState } from 'react';
import { signIn } from '../auth';
import { Field, Status } from '../ui';

export function Setup() {
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [totp, setTotp] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  if (done)
    return (
      <main id="main" className="narrow">
        <h1>Your operator account is ready</h1>
        <Status>
          Sign in with {email} and the password you chose{totp ? ', then the code from your authenticator app' : ''}.
        </Status>
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
            body: JSON.stringify({ token, email, password, totp: totp ? { secret: totp.secret, code } : undefined }),
          });
          if (res.status === 201) {
            history.replaceState(null, '', '/console/setup');
            setDone(true);
            return;
          }
          const body = (await res.json().catch(() => ({}))) as { errors?: { path: string; message: string }[] };
          const next: Record<string, string> = {};
          for (const f of body.errors ?? [{ path: '', message: `Setup failed (${res.status}).` }])
            next[f.path === 'totp.code' ? 'code' : f.path || 'general'] ??= f.message;
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
        <fieldset>
          <legend>Two-step verification</legend>
          {totp ? (
            <>
              <p>
                Add this account to your authenticator app: open the <a href={totp.otpauthUri}>otpauth link</a> on this device, or enter the
                key by hand.
              </p>
              <p>
                Key: <code data-testid="totp-secret">{totp.secret}</code>
              </p>
              <Field
                label="Code from the app"
                name="code"
                value={code}
                onChange={setCode}
                required
                autoComplete="one-time-code"
                error={errors.code}
                hint="Six digits; sign-in asks for a new code each time."
              />
              <button
                type="button"
                onClick={() => {
                  setTotp(null);
                  setCode('');
                }}
              >
                Skip two-step verification
              </button>
            </>
          ) : (
            <button
              type="button"
              onClick={async () => {
                const res = await fetch('/console/api/setup/totp', {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ token, email }),
                });
                const body = (await res.json().catch(() => ({}))) as {
                  secret?: string;
                  otpauthUri?: string;
                  errors?: { path: string; message: string }[];
                };
                if (res.ok && body.secret && body.otpauthUri) {
                  setTotp({ secret: body.secret, otpauthUri: body.otpauthUri });
                  setErrors({});
                  return;
                }
                const next: Record<string, string> = {};
                for (const f of body.errors ?? [{ path: '', message: `Could not start (${res.status}).` }])
                  next[f.path || 'general'] ??= f.message;
                setErrors(next);
              }}
            >
              Set up an authenticator app (TOTP)
            </button>
          )}
        </fieldset>
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
