import pg from "pg";

/**
 * Runs SQL as the test database's owner: for fixtures the app's own role may not do (DDL, such as
 * adding a constraint or a scratch table), exactly as an administrator would beside the app.
 */
export async function asOwner<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const url = process.env.TEST_OWNER_DATABASE_URL;
  if (!url) throw new Error("TEST_OWNER_DATABASE_URL is not set (tests/setup/file-db.ts sets it)");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}
