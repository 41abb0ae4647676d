/**
 * The operator console (issue 15): (1) the JavaScript the first page load needs, gzipped (goal
 * ≤ 250 KB), and (2) how long after navigation the organizations list of an issuer with 10 000
 * organizations is interactive in Chromium (goal ≤ 1 s): navigation start (Chromium performance
 * timing) → the first page of rows and its "Load more" button are in the document. The same
 * measurement on an issuer with one organization, in the same run, is the baseline: the ratio
 * shows whether the list's cost grows with the issuer's size (keyset pagination says it should not).
 * (3) The server-side search on the 10 000: typing → the matching row shown, and typing → "no
 * match" (the search reads every organization of the issuer along its (issuerId, id) index: the
 * worst case); both include the box's 250 ms typing pause.
 *
 *   npx tsx bench/console.ts        (BENCH_RUNS=… page loads per issuer, default 7)
 * Needs /usr/bin/chromium (CHROMIUM_PATH) and a built console (npm run build:packages).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { newId } from '../src/lib/ids.js';
import {
  createIssuerAndOrg,
  fmt,
  machineNote,
  median,
  ms,
  printTable,
  progress,
  ratio,
  startBenchServer,
  type BenchServer,
} from './lib/common.js';

const ORGANIZATIONS = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DIST = fileURLToPath(new URL('../packages/console/dist/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'violet-anchor-quartz-88';

/** The JavaScript index.html loads at once (its module script and modulepreloads), raw and gzipped. */
function initialJavaScript(): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(`${DIST}index.html`, 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(`${DIST}${file}`);
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { files, raw, gzip };
}

async function seedOrganizations(server: BenchServer, issuerId: string, count: number) {
  const ids = Array.from({ length: count }, () => newId('organization'));
  const names = ids.map((_, i) => `Bench org ${String(i).padStart(5, '0')}`);
  const slugs = ids.map((_, i) => `bench-org-${i}`);
  await server.app.db.prisma.$executeRaw`
    INSERT INTO "Organization" ("id", "issuerId", "name", "slug", "updatedAt")
    SELECT o.id, ${issuerId}, o.name, o.slug, now() FROM unnest(${ids}::text[], ${names}::text[], ${slugs}::text[]) AS o(id, name, slug)`;
}

/** ms from navigation start until the issuer page shows `rows` organization rows and the list is usable. */
async function listInteractive(page: Page, url: string, rows: number): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    (n) => {
      const section = [...document.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent === 'Organizations');
      return !!section && section.querySelectorAll('tbody tr').length >= n;
    },
    rows,
    { timeout: 30_000, polling: 'raf' },
  );
  return page.evaluate(() => performance.now());
}

/** ms from typing `text` in the search box until `done` holds (the list is reset to unfiltered first). */
async function searchTime(page: Page, text: string, expectRows: number | 'none'): Promise<number> {
  const box = page.getByLabel('Search organizations', { exact: true });
  await box.fill('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="organizations"] tbody tr').length >= 25, null, {
    timeout: 30_000,
  });
  const start = await page.evaluate(() => performance.now());
  await box.fill(text);
  await page.waitForFunction(
    ([t, n]) => {
      const list = document.querySelector('[data-testid="organizations"]');
      if (!list) return false;
      if (n === 'none') return list.querySelector('.empty')?.textContent?.includes(t as string) ?? false;
      const rows = [...list.querySelectorAll('tbody tr')];
      return rows.length === n && rows.every((r) => r.textContent?.includes(t as string));
    },
    [text, expectRows] as const,
    { timeout: 30_000, polling: 'raf' },
  );
  return (await page.evaluate(() => performance.now())) - start;
}

async function main() {
  const js = initialJavaScript();
  if (!existsSync(CHROMIUM)) {
    printTable(
      'Console: initial JavaScript',
      ['files', 'raw', 'gzip', 'goal'],
      [[String(js.files.length), `${fmt(js.raw / 1024, 1)} KB`, `${fmt(js.gzip / 1024, 1)} KB`, '≤ 250 KB']],
      [`no Chromium at ${CHROMIUM}: the list timing is skipped`],
    );
    return;
  }
  const server = await startBenchServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    progress(`seeding ${ORGANIZATIONS} organizations`);
    const big = await createIssuerAndOrg(server, 'Big issuer');
    await seedOrganizations(server, big.issuerId, ORGANIZATIONS - 1);
    const small = await createIssuerAndOrg(server, 'Small issuer');

    // an operator, signed in through the console like a person
    const link = await server.app.services.operators.setupLink(server.url);
    await server.app.services.operators.completeSetup({
      token: new URL(link!).hash.replace('#token=', ''),
      email: 'bench@ops.example',
      password: PASSWORD,
    });
    const context = await browser.newContext();
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email or username').fill('bench@ops.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Issuers', level: 1 }).waitFor({ timeout: 30_000 });

    const bigUrl = `${server.url}/console/issuers/${big.issuerId}`;
    const smallUrl = `${server.url}/console/issuers/${small.issuerId}`;
    // warm-up (not measured): caches, JIT, the first compile of every query
    await listInteractive(page, bigUrl, 25);
    await listInteractive(page, smallUrl, 1);
    const bigTimes: number[] = [];
    const smallTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`page load ${i + 1}/${RUNS}`);
      bigTimes.push(await listInteractive(page, bigUrl, 25));
      smallTimes.push(await listInteractive(page, smallUrl, 1));
    }
    await listInteractive(page, bigUrl, 25);
    const hitTimes: number[] = [];
    const missTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`search ${i + 1}/${RUNS}`);
      hitTimes.push(await searchTime(page, `org 0${String(1000 + i * 997).padStart(4, '0')}`, 1));
      missTimes.push(await searchTime(page, `no-such-org-${i}`, 'none'));
    }
    const b = median(bigTimes);
    const s = median(smallTimes);
    printTable(
      'Console (issue 15)',
      ['measure', 'value', 'baseline', 'ratio', 'goal'],
      [
        ['initial JavaScript (gzip)', `${fmt(js.gzip / 1024, 1)} KB`, `${fmt(js.raw / 1024, 1)} KB raw`, '', '≤ 250 KB'],
        [`organizations list interactive, ${ORGANIZATIONS} orgs (median of ${RUNS})`, ms(b), ms(s), ratio(b / s), '≤ 1000 ms'],
        [`search typed → 1 matching row, ${ORGANIZATIONS} orgs (median)`, ms(median(hitTimes)), '', '', 'incl. 250 ms pause'],
        [`search typed → no match (reads all), ${ORGANIZATIONS} orgs (median)`, ms(median(missTimes)), '', '', 'incl. 250 ms pause'],
      ],
      [
        `baseline: the same page for an issuer with one organization, same run; max ${ms(Math.max(...bigTimes))}`,
        'interactive: navigation start (performance.now() origin) → the first 25 rows and Load more are in the document',
        machineNote(),
        `UNDER LOAD: a shared machine (other sessions running), load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}: times are noise-prone; the ratio and the sizes are what to compare`,
      ],
    );
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
