/**
 * The hub exactly as `npm run serve` runs it (electron/hub/serve.ts), in a child process forked by
 * servedHub.ts, which also answers the parent's `cpu` message with its own `process.cpuUsage()`:
 * the hub's CPU time, every thread of the process (the main loop, SQLite, libuv, the GC).
 */
process.on('message', (m) => {
  if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
});
await import('../../electron/hub/serve.js');
