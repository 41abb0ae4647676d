/**
 * The HTML of the invitation page: sign in (existing user), sign up (new user), the second factor,
 * and the outcome pages. Same shell, style sheet and rules as the sign-in page
 * (../authorize/pages.ts): no script, every value escaped, forms post to the relative URL
 * `invitation` (so the token in the page's own query string is never sent again).
 * @module
 */
import { alertRegion, escapeHtml, hidden, invalid, layout } from '../authorize/pages.js';

export interface InvitationPage {
  organizationName: string;
  /** the invited address */
  email: string;
  /** the sealed form state (../authorize/state.ts, purpose `invitation`) */
  stateToken: string;
  error: string | null;
  /** a notice above the form (not an error) */
  notice?: string | null;
}

function intro(page: InvitationPage): string {
  return `<p>You were invited to join <strong>${escapeHtml(page.organizationName)}</strong> as <strong>${escapeHtml(page.email)}</strong>.</p>${
    page.notice ? `\n<p>${escapeHtml(page.notice)}</p>` : ''
  }`;
}

/** The address, shown read-only and given to password managers as the username. */
function addressField(email: string): string {
  return `<label for="username">Email</label>
<input id="username" name="username" type="email" autocomplete="username" readonly value="${escapeHtml(email)}">`;
}

/** An existing user of the invited address signs in with their password to accept. */
export function invitationSignInPage(page: InvitationPage): string {
  return layout({
    title: `Join ${page.organizationName}`,
    body: `<h1>Join ${escapeHtml(page.organizationName)}</h1>
${intro(page)}
<p>Sign in to accept the invitation.</p>
${alertRegion(page.error)}
<form method="post" action="invitation">
${hidden('ag_state', page.stateToken)}
${addressField(page.email)}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="4096" required autofocus${invalid(page.error)}>
<button type="submit">Sign in and accept</button>
</form>`,
  });
}

/** No user has the invited address yet: the person chooses a password to accept. */
export function invitationSignUpPage(page: InvitationPage): string {
  return layout({
    title: `Join ${page.organizationName}`,
    body: `<h1>Join ${escapeHtml(page.organizationName)}</h1>
${intro(page)}
<p>Choose a password to create your account and accept the invitation.</p>
${alertRegion(page.error)}
<form method="post" action="invitation">
${hidden('ag_state', page.stateToken)}
${addressField(page.email)}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="8" maxlength="4096" required autofocus aria-describedby="password_hint"${invalid(page.error)}>
<p id="password_hint" class="hint">At least 8 characters; a few unrelated words work well.</p>
<label for="password_confirm">Confirm password</label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" maxlength="4096" required${invalid(page.error)}>
<button type="submit">Create account and accept</button>
</form>`,
  });
}

/** Step two for a user with TOTP enrolled: a code from the authenticator app, or a backup code. */
export function invitationSecondFactorPage(page: InvitationPage): string {
  return layout({
    title: `Two-step verification – ${page.organizationName}`,
    body: `<h1>Two-step verification</h1>
<p>Enter the 6-digit code from your authenticator app to join <strong>${escapeHtml(page.organizationName)}</strong>.</p>
${alertRegion(page.error)}
<form method="post" action="invitation">
${hidden('ag_state', page.stateToken)}
<label for="code">Authentication code</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" autocomplete="one-time-code" maxlength="12" required autofocus${invalid(page.error)}>
<button type="submit">Verify and accept</button>
</form>
<details>
<summary>Use a backup code instead</summary>
<form method="post" action="invitation">
${hidden('ag_state', page.stateToken)}
<label for="backup_code">Backup code</label>
<input id="backup_code" name="backup_code" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="40" required aria-describedby="backup_hint">
<p id="backup_hint" class="hint">Each backup code works once.</p>
<button type="submit">Verify backup code and accept</button>
</form>
</details>`,
  });
}
