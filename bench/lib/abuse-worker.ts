/**
 * Worker of bench/abuse.ts (forked, so the load never shares the server's event loop): for
 * `seconds`, 20 legitimate clients mint client_credentials tokens, each from its own address, one
 * request after another; with `attack`, one more address guesses those clients' secrets as fast as
 * `attackers` parallel loops can send. Addresses travel in X-Forwarded-For to a server that trusts
 * 127.0.0.1 as its proxy. Answers the samples.
 * @module
 */
import { assertLoopback, serveOneJob } from './fork-job.js';

export interface AbuseJob {
  tokenUrl: string;
  clients: { id: string; secret: string }[];
  seconds: number;
  attack: boolean;
  attackers: number;
}

export interface AbuseReply {
  kind: 'abuse';
  legit: { ok: number; failed: number; latenciesMs: number[] };
  /** each attack attempt: ms since the start, and the status answered */
  attempts: [number, number][];
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function run(job: AbuseJob): Promise<AbuseReply> {
  assertLoopback(job.tokenUrl);
  const started = performance.now();
  const until = started + job.seconds * 1000;
  const legit = { ok: 0, failed: 0, latenciesMs: [] as number[] };
  const attempts: [number, number][] = [];
  const post = (authorization: string, address: string) =>
    fetch(job.tokenUrl, {
      method: 'POST',
      headers: { authorization, 'x-forwarded-for': address, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });

  const legitimate = job.clients.map(async (client, i) => {
    const address = `198.51.100.${i + 1}`;
    while (performance.now() < until) {
      const t = performance.now();
      try {
        const res = await post(basic(client.id, client.secret), address);
        await res.arrayBuffer();
        legit.latenciesMs.push(performance.now() - t);
        if (res.status === 200) legit.ok++;
        else legit.failed++;
      } catch {
        legit.failed++;
      }
    }
  });
  const attack = job.attack
    ? Array.from({ length: job.attackers }, async (_, a) => {
        let n = a;
        while (performance.now() < until) {
          const target = job.clients[n++ % job.clients.length]!;
          try {
            const res = await post(basic(target.id, `guess-${n}`), '203.0.113.66');
            await res.arrayBuffer();
            attempts.push([performance.now() - started, res.status]);
          } catch {
            attempts.push([performance.now() - started, 0]);
          }
        }
      })
    : [];
  await Promise.all([...legitimate, ...attack]);
  return { kind: 'abuse', legit, attempts };
}

serveOneJob(run);
