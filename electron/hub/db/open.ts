import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrations.js';

export type Db = Database.Database;

export const DB_FILE_NAME = 'antre.sqlite3';

/**
 * Opens (creating when needed) the hub's database in `dataDir` and brings its schema up to date.
 * WAL + synchronous=FULL: a commit the hub acknowledged is on disk before the reply leaves,
 * so a power cut cannot take back a ticket number that was printed.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Another process (a backup tool, a second hub started by mistake) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  cacheStatements(db);
  return db;
}

/**
 * Compiling a statement costs more than running it on the hot paths (issuing a ticket runs a
 * dozen small statements), so each SQL text is compiled once per connection. Statements are
 * used synchronously and never iterated lazily, so sharing one is safe; the only per-use state
 * the code sets is pluck(), which is reset on every hand-out.
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = compile(sql);
      cache.set(sql, stmt);
    } else if (stmt.reader) {
      stmt.pluck(false);
    }
    return stmt;
  }) as Db['prepare'];
}
