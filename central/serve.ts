/**
 * `npm run central`: the reference central server. Against DATABASE_URL, or, without it, against a
 * PostgreSQL cluster of its own in CENTRAL_DATA_DIR (./central-data), created at the first start.
 *
 *   npm run central                                   serve on CENTRAL_PORT (7900)
 *   npm run central -- add-site mpp-contoh "MPP Kabupaten Contoh"    a site and its token (once)
 *   npm run central -- revoke-site mpp-contoh
 *
 * CENTRAL_ADMIN_TOKEN protects the dashboard (/dashboard/<site>/<date>, signed in at /login); without it one is
 * made and printed at each start.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startLocalCluster, type LocalCluster } from './localCluster.js';
import { createCentral } from './server.js';

async function main(): Promise<void> {
  let cluster: LocalCluster | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    cluster = await startLocalCluster(resolve(process.env.CENTRAL_DATA_DIR ?? 'central-data'), { port: Number(process.env.CENTRAL_PG_PORT ?? 0) || undefined });
    databaseUrl = cluster.url;
  }
  const adminToken = process.env.CENTRAL_ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
  const central = await createCentral({ databaseUrl, adminToken });
  const [command, ...args] = process.argv.slice(2);
  if (command === 'add-site' || command === 'revoke-site') {
    if (command === 'add-site') {
      const { site, token } = await central.store.addSite(args[0] ?? '', args[1] ?? args[0] ?? '');
      console.log(`site ${site.code} (${site.name})\ntoken (shown once; give it to the MPP's hub as ANTRE_SYNC_TOKEN): ${token}`);
    } else {
      await central.store.revokeSite(args[0] ?? '');
      console.log(`site ${args[0]}: token revoked`);
    }
    await central.close();
    await cluster?.stop();
    return;
  }
  const port = Number(process.env.CENTRAL_PORT ?? 7900);
  await central.app.listen({ port, host: process.env.CENTRAL_HOST ?? '0.0.0.0' });
  const actual = (central.app.server.address() as { port: number }).port;
  console.log(`Antre central server listening on :${actual} (${cluster ? 'local PostgreSQL cluster' : 'DATABASE_URL'})`);
  if (!process.env.CENTRAL_ADMIN_TOKEN) console.log(`dashboard token: ${adminToken}`);
  const stop = async () => {
    await central.close();
    await cluster?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`Antre central server failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
