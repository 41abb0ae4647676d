/**
 * The operator console in Debian's Chromium (issue 15 acceptance), with every non-loopback request
 * blocked: the setup link creates the first operator → sign in (code + PKCE on the system issuer's
 * hosted page) → create an issuer, an organization, a user, a membership and an organization API
 * key (the secret shown once, not after a reload) → a second tab's live event tail shows each
 * event → revoke the key → suspend the organization → sign out, after which the operator's access
 * token is refused. A read-only operator (invited from the console) sees everything and every
 * change is refused with a clear message. axe-core finds no serious or critical violation on any
 * screen, light or dark.
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH to override); skipped with a message without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type TestServer } from './helpers/server.js';
import { TEST_PASSWORD } from './helpers/browser.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath);
if (!hasBrowser) {
  if (process.env.AUTHGRAPH_REQUIRE_BROWSER === '1')
    throw new Error(`Chromium is required but missing at ${chromiumPath} (apt-get install chromium)`);
  console.warn(`[authgraph] no Chromium at ${chromiumPath}: SKIPPING the console suite (apt-get install chromium)`);
}

const OWNER = 'owner@ops.example';
const READER = 'reader@ops.example';
/** how long a step may take on a loaded machine (not a performance assertion) */
const STEP = 15_000;

let server: TestServer;
let browser: Browser;
/** every request the pages tried outside loopback (blocked) */
const blocked: string[] = [];

/** A browser context whose every non-loopback request is aborted (and recorded). */
async function isolatedContext(colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const context = await browser.newContext({ colorScheme });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  return context;
}

/** No serious or critical axe-core violation on the page as it is now. */
async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
}

async function signInOnHostedPage(page: Page, username: string) {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/authorize/, { timeout: STEP });
  await page.getByLabel('Email or username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  if (!hasBrowser) return;
  server = await startServer();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!hasBrowser)('operator console in Chromium', { timeout: 180_000 }, () => {
  let page: Page;
  let tail: Page;
  let ownerToken = '';
  let readerInvite = '';
  let orgPath = '';

  /** Waits until the tail tab shows an event of `type` (after the action that makes it). */
  async function tailShows(type: string) {
    await tail
      .getByTestId('event-list')
      .locator('.event-type', { hasText: new RegExp(`^${type.replace('.', '\\.')}$`) })
      .first()
      .waitFor({ timeout: STEP });
  }

  it('the setup link creates the first operator, who signs in through the system issuer', async () => {
    const context = await isolatedContext();
    page = await context.newPage();
    const link = await server.app.services.operators.setupLink(server.url);
    await page.goto(link!);
    await expectAccessible(page, 'setup');
    await page.getByLabel('Email address', { exact: true }).fill(OWNER);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Create operator' }).click();
    await page.getByRole('heading', { name: 'Your operator account is ready' }).waitFor({ timeout: STEP });
    await signInOnHostedPage(page, OWNER);
    await page.getByRole('heading', { name: 'Issuers', level: 1 }).waitFor({ timeout: STEP });
    await page
      .getByTestId('operator-role')
      .filter({ hasText: /^owner$/ })
      .waitFor({ timeout: STEP });
    await expectAccessible(page, 'issuers');
    ownerToken = (await page.evaluate(() => sessionStorage.getItem('authgraph.console.accessToken'))) ?? '';
    expect(ownerToken.split('.')).toHaveLength(3);

    // the live tail in a second tab: signs in by single sign-on (the hosted session cookie)
    tail = await context.newPage();
    await tail.goto(`${server.url}/console/events`);
    await tail.getByRole('button', { name: 'Sign in' }).click();
    await tail.getByRole('heading', { name: 'Live events' }).waitFor({ timeout: STEP });
    await tail.getByTestId('tail-state').filter({ hasText: 'live' }).waitFor({ timeout: STEP });
    await expectAccessible(tail, 'events');
  });

  it('creates an issuer, an organization, a user, a membership and a key; the tail shows each event', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Acme production');
    await page.getByRole('button', { name: 'Create issuer' }).click();
    await tailShows('issuer.created');
    await page.getByRole('link', { name: 'Acme production', exact: true }).click();
    await page.getByRole('heading', { name: 'Issuer Acme production' }).waitFor({ timeout: STEP });
    await expectAccessible(page, 'issuer');

    await page.getByLabel('New organization name', { exact: true }).fill('Globex');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('link', { name: 'Globex', exact: true }).waitFor({ timeout: STEP });
    await tailShows('organization.created');

    await page.getByLabel("New user's email", { exact: true }).fill('ada@globex.example');
    await page.getByRole('button', { name: 'Create user' }).click();
    const userLink = page.getByRole('link', { name: 'ada@globex.example' });
    await userLink.waitFor({ timeout: STEP });
    await tailShows('user.created');
    const userId = (await userLink.getAttribute('href'))!.split('/').pop()!;

    // a typed error (ConflictError, field username) lands on the field it names
    await page.getByLabel("New user's email", { exact: true }).fill('ada@globex.example');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('.field-error', { hasText: 'already taken' }).waitFor({ timeout: STEP });
    expect(await page.getByLabel("New user's email", { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('link', { name: 'Globex', exact: true }).click();
    await page.getByRole('heading', { name: /^Globex/ }).waitFor({ timeout: STEP });
    orgPath = new URL(page.url()).pathname;
    await expectAccessible(page, 'organization');

    await page.getByLabel('User or agent id', { exact: true }).fill(userId);
    await page.getByLabel('Member scopes', { exact: true }).fill('invoices:read invoices:write');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('link', { name: 'ada@globex.example' }).waitFor({ timeout: STEP });
    await tailShows('organization.membership.created');

    await page.getByLabel('Key name', { exact: true }).fill('globex-backend');
    await page.getByLabel('Key scopes', { exact: true }).fill('invoices:read');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor({ timeout: STEP });
    expect(await secret.textContent()).toMatch(/^agk_/);
    await expect.poll(() => page.getByText('Copy it now.').count()).toBe(1);
    await tailShows('api-key.created');
    await expectAccessible(page, 'organization with a new key');

    // shown once: not after a reload
    await page.reload();
    await page.getByRole('button', { name: 'Revoke globex-backend' }).waitFor({ timeout: STEP });
    expect(await page.getByTestId('secret-value').count()).toBe(0);
  });

  it('revokes the key and suspends the organization (events in the tail), then invites a read-only operator', async () => {
    await page.getByRole('button', { name: 'Revoke globex-backend' }).click();
    await tailShows('api-key.revoked');
    await page.getByRole('button', { name: 'Suspend organization' }).click();
    await page.getByRole('button', { name: 'Reactivate organization' }).waitFor({ timeout: STEP });
    await tailShows('organization.suspended');

    // the delete confirmation lists what cascades (cancelled here)
    await page.getByRole('button', { name: 'Delete organization…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: STEP });
    expect(await dialog.textContent()).toMatch(/1 memberships.*1 organization API keys/s);
    await expectAccessible(page, 'delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Operators' }).click();
    await page.getByRole('heading', { name: 'Operators', level: 1 }).waitFor({ timeout: STEP });
    await page.getByLabel('Email', { exact: true }).fill(READER);
    await page.getByLabel('Role', { exact: true }).selectOption('READ_ONLY');
    await page.getByRole('button', { name: 'Invite operator' }).click();
    const link = page.getByTestId('secret-value');
    await link.waitFor({ timeout: STEP });
    readerInvite = (await link.textContent())!;
    expect(readerInvite).toContain('/invitation?token=agi_');
    await expectAccessible(page, 'operators');

    await tail.getByRole('button', { name: 'Pause' }).click();
    await tail.getByTestId('tail-state').filter({ hasText: 'paused' }).waitFor({ timeout: STEP });
    await tail.getByRole('button', { name: 'Resume' }).click();
    await tail.getByTestId('tail-state').filter({ hasText: 'live' }).waitFor({ timeout: STEP });
    // an event's JSON opens in place
    await tail.locator('.events summary').first().click();
    expect(JSON.parse((await tail.locator('.events pre').first().textContent())!)).toMatchObject({
      type: expect.any(String),
      id: expect.stringMatching(/^evt_/),
    });
  });

  it('signing out ends the session: the access token no longer works', async () => {
    const before = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ query: '{ currentOperator { role } }' }),
    });
    expect(before.status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Authgraph console' }).waitFor({ timeout: STEP });
    const after = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ query: '{ currentOperator { role } }' }),
    });
    expect(after.status).toBe(401);
  });

  it('a read-only operator sees everything and every change is refused with a clear message (dark theme)', async () => {
    const context = await isolatedContext('dark');
    const reader = await context.newPage();
    await reader.goto(readerInvite);
    await reader.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await reader.getByLabel('Confirm password', { exact: true }).fill(TEST_PASSWORD);
    await reader.getByRole('button', { name: 'Create account and accept' }).click();
    await reader.waitForLoadState();
    await reader.goto(`${server.url}/console/`);
    await signInOnHostedPage(reader, READER);
    await reader.getByRole('heading', { name: 'Issuers', level: 1 }).waitFor({ timeout: STEP });
    await reader
      .getByTestId('operator-role')
      .filter({ hasText: /^read-only$/ })
      .waitFor({ timeout: STEP });
    await reader.getByRole('link', { name: 'Acme production', exact: true }).waitFor({ timeout: STEP });
    await expectAccessible(reader, 'issuers (read-only, dark)');

    await reader.getByLabel('Name', { exact: true }).fill('Not allowed');
    await reader.getByRole('button', { name: 'Create issuer' }).click();
    await reader.getByRole('alert').filter({ hasText: 'Read-only operator' }).waitFor({ timeout: STEP });

    await reader.goto(`${server.url}${orgPath}`);
    await reader.getByRole('button', { name: 'Reactivate organization' }).click();
    await reader.getByRole('alert').filter({ hasText: 'Read-only operator' }).waitFor({ timeout: STEP });
    expect(await reader.getByText('suspended', { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(reader, 'organization (read-only, dark)');
    await context.close();
  });

  it('GraphiQL at /console/graphiql is served from the install', async () => {
    const res = await fetch(`${server.url}/console/graphiql`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('authgraph.console.accessToken');
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn|jsdelivr)/);
    // nothing the pages loaded came from outside loopback
    expect(blocked).toEqual([]);
  });
});
