/**
 * The hub exactly as `npm run serve` runs it (electron/hub/serve.ts), in a child process forked by
 * phoneStreams.ts, which answers the parent's `stats` message with its own CPU time (every thread
 * of the process) and resident memory.
 */
process.on('message', (m) => {
  if (m === 'stats') process.send!({ cpu: process.cpuUsage(), rss: process.memoryUsage.rss() });
});
await import('../../electron/hub/serve.js');
