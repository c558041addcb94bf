import pg from "pg";
import { PgBoss } from "pg-boss";

/** The login role the app runs as on the embedded database (and, in tests, on the test cluster). */
export const APP_ROLE = "batchdesk_app";

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The user name in a PostgreSQL URL. */
export const userOf = (url: string) => decodeURIComponent(new URL(url).username);

/** `url` with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** Creates the login role if missing and sets its password; never a superuser or a role maker. */
export async function ensureLoginRole(ownerUrl: string, role: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "batchdesk-migrator" });
  await client.connect();
  try {
    const r = ident(role);
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    // Roles are cluster-wide: concurrent starters (test files) may race to create it.
    if (!rowCount) await client.query(`CREATE ROLE ${r} LOGIN`).catch((err: { code?: string }) => (err.code === "23505" || err.code === "42710" ? undefined : Promise.reject(err)));
    await client.query(`ALTER ROLE ${r} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${pg.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

/**
 * Gives the app's role exactly what it needs on the database `ownerUrl` names, and no more: rows of
 * every table (not the schema: no DDL, so the app's own connection can never alter, disable or drop
 * the append-only trigger on audit_logs, nor own that table), no UPDATE, DELETE or TRUNCATE of
 * audit_logs, read-only migration history, ANALYZE of its own work tables, and pg-boss's schema,
 * which pg-boss manages itself (it adds a table per queue). With `password` the role is created if
 * missing (and its password set); without, it must exist. Idempotent: runs on every start, after
 * the migrations, so tables a migration added are covered too.
 */
export async function provisionAppRole(ownerUrl: string, role: string, password?: string): Promise<void> {
  if (password !== undefined) await ensureLoginRole(ownerUrl, role, password);
  await installQueueSchema(ownerUrl);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "batchdesk-migrator" });
  await client.connect();
  try {
    const r = ident(role);
    const { rows } = await client.query<{ db: string; version: number }>("SELECT current_database() AS db, current_setting('server_version_num')::int AS version");
    const { db, version } = rows[0]!;
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(db)} TO ${r}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM ${r}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ${r}`);
    // ANALYZE of freshly planned items (server/batches/preview.ts) needs MAINTAIN from PostgreSQL 17 on;
    // before that a non-owner's ANALYZE is only skipped with a warning.
    if (version >= 170_000) await client.query(`GRANT MAINTAIN ON batch_items TO ${r}`);
    await client.query(`ALTER SCHEMA pgboss OWNER TO ${r}`);
    // pg-boss's tables were made by the owner (just now, or before this role existed): hand them over.
    await client.query(
      `DO $$ DECLARE o record; BEGIN
         FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'pgboss' AND c.relkind IN ('r', 'p', 'S', 'v') AND pg_get_userbyid(c.relowner) <> ${pg.escapeLiteral(role)} LOOP
           EXECUTE format('ALTER %s pgboss.%I OWNER TO %I', CASE o.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, o.relname, ${pg.escapeLiteral(role)});
         END LOOP;
         FOR o IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'pgboss' AND pg_get_userbyid(p.proowner) <> ${pg.escapeLiteral(role)} LOOP
           EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.f, ${pg.escapeLiteral(role)});
         END LOOP;
         FOR o IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = 'pgboss' AND t.typtype IN ('e', 'c', 'd') AND pg_get_userbyid(t.typowner) <> ${pg.escapeLiteral(role)}
                    AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid) LOOP
           EXECUTE format('ALTER TYPE pgboss.%I OWNER TO %I', o.typname, ${pg.escapeLiteral(role)});
         END LOOP;
       END $$`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Creates (or migrates) pg-boss's schema as the owner: installing it needs CREATE on the database,
 * which the app's role does not get. Afterwards the app's role owns it (see provisionAppRole).
 */
async function installQueueSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, application_name: "batchdesk-migrator", max: 1, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}
