/**
 * Numbered schema steps for the SQLite store. Each runs once, in order, inside
 * one transaction with the `user_version` bump, so a failed step leaves the
 * file as it was. Append new steps; never edit a released one.
 */
export const migrations: readonly string[] = [
  // 1: articles with their change sequence; withdrawn rows stay as tombstones.
  `CREATE TABLE articles (
     id TEXT PRIMARY KEY,
     slug TEXT NOT NULL UNIQUE,
     title TEXT NOT NULL,
     summary TEXT,
     section TEXT,
     blocks TEXT NOT NULL,
     lede TEXT NOT NULL,
     published_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     revision INTEGER NOT NULL,
     seq INTEGER NOT NULL UNIQUE,
     withdrawn_at TEXT
   );
   CREATE INDEX articles_latest ON articles (published_at DESC, seq DESC) WHERE withdrawn_at IS NULL;`,
  // 2: web-push subscriptions, keyed by the push service's endpoint URL (unique per browser subscription).
  `CREATE TABLE push_subscriptions (
     endpoint TEXT PRIMARY KEY,
     p256dh TEXT NOT NULL,
     auth TEXT NOT NULL,
     created_at TEXT NOT NULL
   );`,
  // 3: the store's identity, made once when the store is made. Feed cursors carry it, so a
  // phone can tell a cursor from another store (replaced, or DATA_DIR mistyped) and start over.
  `CREATE TABLE store_meta (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   INSERT INTO store_meta (key, value) VALUES ('identity', lower(hex(randomblob(16))));`,
  // 4: related() reads the article's section newest first from an index instead of sorting the table.
  `CREATE INDEX articles_section_latest ON articles (section, published_at DESC, seq DESC) WHERE withdrawn_at IS NULL;`,
  // 5: the push outbox, written in the publish's own transaction, and the job queue the push
  // workers take work from (lib/jobs/sqlite-queue.ts; PostgreSQL uses pg-boss instead).
  `CREATE TABLE push_announcements (
     id TEXT PRIMARY KEY,
     article_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     queued_at TEXT,
     planned_through TEXT,
     planned INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX push_announcements_pending ON push_announcements (created_at) WHERE queued_at IS NULL;
   CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     data TEXT NOT NULL,
     state TEXT NOT NULL,
     retry_count INTEGER NOT NULL DEFAULT 0,
     retry_limit INTEGER NOT NULL,
     retry_delay_ms INTEGER NOT NULL,
     expire_ms INTEGER NOT NULL,
     start_after INTEGER NOT NULL,
     started_at INTEGER,
     created_at INTEGER NOT NULL,
     done_at INTEGER,
     output TEXT
   );
   CREATE INDEX jobs_next ON jobs (name, start_after, created_at) WHERE state IN ('created', 'retry');
   CREATE INDEX jobs_active ON jobs (name, started_at) WHERE state = 'active';
   CREATE INDEX jobs_done ON jobs (done_at) WHERE done_at IS NOT NULL;`,
  // 6: bylines and corrections ride on the article as JSON; article_authors finds an author's
  // articles for their page (/authors/<key>), one row per author of each article.
  `ALTER TABLE articles ADD COLUMN authors TEXT;
   ALTER TABLE articles ADD COLUMN corrections TEXT;
   CREATE TABLE article_authors (
     author_key TEXT NOT NULL,
     article_id TEXT NOT NULL,
     name TEXT NOT NULL,
     position INTEGER NOT NULL,
     PRIMARY KEY (author_key, article_id)
   );
   CREATE INDEX article_authors_article ON article_authors (article_id);`,
  // 7: urgent (breaking) news, found newest first by its own small index for the banner; and
  // scheduled articles, kept out of `articles` until due (releaseDue moves them in), their slug
  // reserved (and their byline kept, to be indexed on release): the stores check it against both tables under the write lock.
  `ALTER TABLE articles ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX articles_urgent ON articles (published_at DESC) WHERE urgent = 1 AND withdrawn_at IS NULL;
   CREATE TABLE scheduled_articles (
     id TEXT PRIMARY KEY,
     slug TEXT NOT NULL UNIQUE,
     title TEXT NOT NULL,
     summary TEXT,
     section TEXT,
     blocks TEXT NOT NULL,
     lede TEXT NOT NULL,
     published_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     urgent INTEGER NOT NULL DEFAULT 0,
     authors TEXT,
     announce INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX scheduled_articles_due ON scheduled_articles (published_at);`,
  // 8: an author's page reads one range of its own index, newest first, live only: article_authors
  // carries its article's published_at, seq and liveness, written in the article's own transaction.
  // Rows of articles that are gone (none should be) keep the defaults: not live, never listed.
  `ALTER TABLE article_authors ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
   ALTER TABLE article_authors ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE article_authors ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
   UPDATE article_authors SET published_at = a.published_at, seq = a.seq, live = a.withdrawn_at IS NULL
     FROM articles AS a WHERE a.id = article_authors.article_id;
   CREATE INDEX article_authors_latest ON article_authors (author_key, published_at DESC, seq DESC) WHERE live = 1;`,
];
