// Preloaded with `node --expose-gc --import ./bench/lib/memory-probe.mjs <entry>` by bench/memory.ts:
// on SIGUSR2 it runs a full GC and writes one line `MEMORY {json}` to stderr with
// process.memoryUsage() in bytes. Plain JavaScript so it works with any launcher.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  process.stderr.write(`MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
