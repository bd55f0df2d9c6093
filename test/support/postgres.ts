/**
 * Throwaway PostgreSQL databases for tests: a real server, found through
 * TEST_DATABASE_URL (default: the akhbar_test role on 127.0.0.1, which
 * scripts/test-postgres.sh and .ci/run set up). Each test makes its own
 * database and drops it, so tests run in parallel and leave nothing behind.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL?.trim() || "postgres://akhbar_test:akhbar_test@127.0.0.1:5432/postgres";

export interface TestDatabase {
  /** A DATABASE_URL for the new, empty database. */
  url: string;
  name: string;
  /** Runs SQL as the test role in the new database (set-up a test needs, such as making it read-only). */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Drops the database, ending any session still in it. */
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL for the tests is not reachable at ${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ":***@")} ` +
        `(${(error as Error).message}). Start it with \`sudo scripts/test-postgres.sh\` or set TEST_DATABASE_URL (README).`,
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named after `label`. */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const name = `akhbar_${label.replace(/\W/g, "_").slice(0, 20)}_${randomBytes(5).toString("hex")}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    sql: async (text, values) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return await client.query(text, values);
      } finally {
        await client.end();
      }
    },
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
