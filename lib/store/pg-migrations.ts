/**
 * Numbered schema steps for the PostgreSQL store. Each runs once, in order,
 * in one transaction with its row in `schema_migrations`, under an advisory
 * lock, so servers starting together migrate exactly once and a failed step
 * leaves the database as it was. Append new steps; never edit a released one.
 */
export const pgMigrations: readonly string[] = [
  // 1: the schema the SQLite store reached in its steps 1-3. Timestamps are timestamptz; ids and
  // blocks stay text, as SQLite keeps them (blocks' JSON is served and measured as stored).
  // The change sequence is a SEQUENCE read only under the feed lock (see pg-store.ts).
  `CREATE SEQUENCE article_change_seq AS bigint;
   CREATE TABLE articles (
     id text PRIMARY KEY,
     slug text NOT NULL UNIQUE,
     title text NOT NULL,
     summary text,
     section text,
     blocks text NOT NULL,
     lede text NOT NULL,
     published_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     revision integer NOT NULL,
     seq bigint NOT NULL UNIQUE,
     withdrawn_at timestamptz
   );
   CREATE INDEX articles_latest ON articles (published_at DESC, seq DESC) WHERE withdrawn_at IS NULL;
   CREATE INDEX articles_section_latest ON articles (section, published_at DESC, seq DESC) WHERE withdrawn_at IS NULL;
   -- Byte order, as SQLite compares: subscriptions are read in endpoint order with a cursor.
   CREATE TABLE push_subscriptions (
     endpoint text COLLATE "C" PRIMARY KEY,
     p256dh text NOT NULL,
     auth text NOT NULL,
     created_at timestamptz NOT NULL
   );
   CREATE TABLE store_meta (
     key text PRIMARY KEY,
     value text NOT NULL
   );
   INSERT INTO store_meta (key, value) VALUES ('identity', replace(gen_random_uuid()::text, '-', ''));`,
  // 2: the push outbox, written in the publish's own transaction; pg-boss (schema pgboss) is the queue.
  `CREATE TABLE push_announcements (
     id text PRIMARY KEY,
     article_id text NOT NULL,
     created_at timestamptz NOT NULL,
     queued_at timestamptz,
     planned_through text COLLATE "C",
     planned boolean NOT NULL DEFAULT false
   );
   CREATE INDEX push_announcements_pending ON push_announcements (created_at) WHERE queued_at IS NULL;`,
  // 3 (SQLite's step 6): bylines and corrections ride on the article as JSON text; article_authors
  // finds an author's articles for their page (/authors/<key>), one row per author of each article.
  `ALTER TABLE articles ADD COLUMN authors text;
   ALTER TABLE articles ADD COLUMN corrections text;
   CREATE TABLE article_authors (
     author_key text NOT NULL,
     article_id text NOT NULL,
     name text NOT NULL,
     position integer NOT NULL,
     PRIMARY KEY (author_key, article_id)
   );
   CREATE INDEX article_authors_article ON article_authors (article_id);`,
  // 4 (SQLite's step 7): urgent news with its index; scheduled articles kept out of
  // `articles` until due, their slug checked against both tables under the feed lock.
  `ALTER TABLE articles ADD COLUMN urgent boolean NOT NULL DEFAULT false;
   CREATE INDEX articles_urgent ON articles (published_at DESC) WHERE urgent AND withdrawn_at IS NULL;
   CREATE TABLE scheduled_articles (
     id text PRIMARY KEY,
     slug text NOT NULL UNIQUE,
     title text NOT NULL,
     summary text,
     section text,
     blocks text NOT NULL,
     lede text NOT NULL,
     published_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     urgent boolean NOT NULL DEFAULT false,
     authors text,
     announce boolean NOT NULL DEFAULT false
   );
   CREATE INDEX scheduled_articles_due ON scheduled_articles (published_at);`,
  // 5 (SQLite's step 8): article_authors carries its article's published_at, seq and liveness, so an
  // author's page is one range of its own index. The defaults only fill the rows being added (a
  // constant default rewrites nothing) and are dropped: every writer gives the article's values.
  `ALTER TABLE article_authors ADD COLUMN published_at timestamptz NOT NULL DEFAULT 'epoch',
     ADD COLUMN seq bigint NOT NULL DEFAULT 0,
     ADD COLUMN live boolean NOT NULL DEFAULT false;
   UPDATE article_authors AS aa SET published_at = a.published_at, seq = a.seq, live = a.withdrawn_at IS NULL
     FROM articles AS a WHERE a.id = aa.article_id;
   ALTER TABLE article_authors ALTER COLUMN published_at DROP DEFAULT, ALTER COLUMN seq DROP DEFAULT, ALTER COLUMN live DROP DEFAULT;
   CREATE INDEX article_authors_latest ON article_authors (author_key, published_at DESC, seq DESC) WHERE live;`,
];
