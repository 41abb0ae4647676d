// PGlite alone, for bench/memory.ts: opens the data directory argv[2] with PGlite's default start
// parameters plus `-c` settings from argv[3..] (e.g. shared_buffers=32MB), runs one query, prints
// READY and idles until SIGTERM.
import { PGlite } from '@electric-sql/pglite';

const [dataDir, ...settings] = process.argv.slice(2);
const lite = new PGlite({ dataDir, startParams: [...PGlite.defaultStartParams, ...settings.flatMap((s) => ['-c', s])] });
await lite.query('SELECT count(*) FROM pg_class');
process.stdout.write('READY\n');
setInterval(() => {}, 60_000);
process.on('SIGTERM', () => void lite.close().then(() => process.exit(0)));
