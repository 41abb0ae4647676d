/**
 * The load generator, run as a child process (forked by ./load.ts) so that it never shares a
 * CPU's event loop with the server it measures. It takes one job over IPC, answers, and exits.
 * Every job is bounded in count and time and targets 127.0.0.1 only.
 * @module
 */
import autocannon from 'autocannon';
import type { BatchJob, ChainJob, LoadJob, LoadReply, Sample, SequenceRequest, SignInJob } from './load.js';

const PER_REQUEST_TIMEOUT_MS = 15_000;

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`load worker only targets 127.0.0.1, not ${host}`);
}

async function timeOne(request: SequenceRequest): Promise<{ ms: number; status: number; bytes: number; body?: string }> {
  const started = performance.now();
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  // a failed answer's first 300 characters go into the error (e.g. which side answered invalid_grant)
  return {
    ms: performance.now() - started,
    status: response.status,
    bytes: text.length,
    body: response.status === 200 ? undefined : text.slice(0, 300),
  };
}

const MAX_SECONDS = 60;

/** Unique requests, `concurrency` in flight; every answer must be 200. */
async function batch(job: BatchJob): Promise<LoadReply> {
  if (job.requests.length > 20_000) throw new Error('a batch is at most 20 000 requests');
  job.requests.forEach((r) => assertLocal(r.url));
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < job.requests.length) {
      const sample = await timeOne(job.requests[next++]!);
      if (sample.status !== 200) throw new Error(`a batch request answered ${sample.status}: ${sample.body}`);
      samples.push(sample);
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  return { kind: 'timed', samples, seconds: (performance.now() - started) / 1000 };
}

/** Rotation chains: each request's token is the previous answer's `field`. */
async function chains(job: ChainJob): Promise<LoadReply> {
  assertLocal(job.url);
  if (!(job.seconds > 0 && job.seconds <= MAX_SECONDS)) throw new Error('chains run within (0, 60] seconds');
  const samples: Sample[] = [];
  const started = performance.now();
  const until = started + job.seconds * 1000;
  const chain = async (token: string) => {
    while (performance.now() < until) {
      const t = performance.now();
      const response = await fetch(job.url, {
        method: 'POST',
        headers: job.headers,
        body: job.body.replace('{token}', encodeURIComponent(token)),
        signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`a chained request answered ${response.status}: ${text.slice(0, 200)}`);
      samples.push({ ms: performance.now() - t, status: response.status, bytes: text.length });
      token = (JSON.parse(text) as Record<string, string>)[job.field]!;
    }
  };
  await Promise.all(job.initial.map(chain));
  return { kind: 'timed', samples, seconds: (performance.now() - started) / 1000 };
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const unescapeHtml = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** One hosted sign-in: the form, then its POST; returns the POST's latency. */
async function signInOnce(job: SignInJob, username: string): Promise<number> {
  const page = await fetch(job.authorizeUrl, { redirect: 'manual', signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS) });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the authorize page answered ${page.status}`);
  const cookies = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const form = new URLSearchParams();
  for (const tag of html.match(/<input\b[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const autocomplete = attr(tag, 'autocomplete') ?? '';
    if (autocomplete.includes('username')) form.set(name, username);
    else if (autocomplete.includes('current-password')) form.set(name, job.password);
    else if (attr(tag, 'type') === 'hidden') form.set(name, unescapeHtml(attr(tag, 'value') ?? ''));
  }
  const action = new URL(unescapeHtml(/<form\b[^>]*action="([^"]*)"/.exec(html)?.[1] ?? job.authorizeUrl), job.authorizeUrl);
  const t = performance.now();
  const done = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: form.toString(),
    signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
  });
  const text = await done.text();
  const elapsed = performance.now() - t;
  if (job.expect === 'refused') {
    if (done.status !== 400 || done.headers.has('location'))
      throw new Error(`a refused sign-in answered ${done.status}: ${text.slice(0, 200)}`);
    return elapsed;
  }
  const location = done.headers.get('location') ?? '';
  if (done.status < 300 || done.status > 303 || !/[?&]code=/.test(location))
    throw new Error(`the sign-in answered ${done.status} (location ${location.slice(0, 120)})`);
  return elapsed;
}

async function signIns(job: SignInJob): Promise<LoadReply> {
  assertLocal(job.authorizeUrl);
  if (job.seconds !== undefined && !(job.seconds > 0 && job.seconds <= MAX_SECONDS)) throw new Error('sign-ins run within (0, 60] seconds');
  if (job.usernames.length === 0 || job.usernames.length > 5000) throw new Error('1 to 5000 usernames');
  const samples: Sample[] = [];
  const started = performance.now();
  const until = job.seconds === undefined ? Infinity : started + job.seconds * 1000;
  let next = 0;
  const more = () => (job.seconds === undefined ? next < job.usernames.length : performance.now() < until);
  const lane = async () => {
    while (more()) samples.push({ ms: await signInOnce(job, job.usernames[next++ % job.usernames.length]!), status: 200, bytes: 0 });
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  return { kind: 'timed', samples, seconds: (performance.now() - started) / 1000 };
}

async function run(job: LoadJob): Promise<LoadReply> {
  if (job.kind === 'batch') return batch(job);
  if (job.kind === 'chains') return chains(job);
  if (job.kind === 'sign-in') return signIns(job);
  if (job.kind === 'autocannon') {
    assertLocal(job.options.url);
    const duration = Number(job.options.duration ?? 10);
    if (!(duration > 0 && duration <= 60)) throw new Error('autocannon duration must be within (0, 60] seconds');
    const result = await autocannon({ ...job.options, timeout: 10 });
    return { kind: 'autocannon', result };
  }
  if (job.requests.length > 5000) throw new Error('a sequence is at most 5000 requests');
  const deadline = Date.now() + 120_000;
  const samples = [];
  for (const request of job.requests) {
    assertLocal(request.url);
    if (Date.now() > deadline) throw new Error('sequence exceeded its 120 s budget');
    samples.push(await timeOne(request));
  }
  return { kind: 'sequence', samples };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (reply) => process.send!(reply, () => process.exit(0)),
    (error: unknown) =>
      process.send!({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
        process.exit(1),
      ),
  );
});
