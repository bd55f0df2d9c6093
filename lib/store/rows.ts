/**
 * Rows as both stores read them, and their mapping to the article model, so
 * SQLite and PostgreSQL answer every method with the same shapes.
 */
import type { Article, ArticleSummary, Block, Correction, LeadImage } from "@/lib/article/model";
import { authorKey } from "@/lib/article/model";
import { readImage } from "@/lib/article/read";
import type { ArticleLocation, ChangePage, SectionEntry } from "./article-store";

/** A picture of the site named in an article's stored blocks (image blocks, links alike). */
const MEDIA_REFERENCE = /\/media\/([0-9a-f]{32})/g;

/** Adds to `into` the media ids a stored body (blocks' JSON) names. */
export function collectMediaIds(blocks: string, into: Set<string>): void {
  for (const match of blocks.matchAll(MEDIA_REFERENCE)) into.add(match[1]!);
}

/** An article row with its timestamps as ISO 8601 strings (UTC, milliseconds). */
export interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  section: string | null;
  /** The byline as a JSON array of names; null for none. */
  authors: string | null;
  blocks: string;
  /** Corrections as a JSON array of { note, at }, oldest first; null for none. */
  corrections: string | null;
  lede: string;
  published_at: string;
  updated_at: string;
  revision: number;
  seq: number;
  withdrawn_at: string | null;
  /** 1 or true for breaking news (SQLite keeps booleans as integers). */
  urgent: number | boolean;
}

/** A summary row; `lead_image` is the first image block as JSON, for the list's thumbnail. */
export type SummaryRow = Omit<ArticleRow, "blocks" | "corrections"> & { lead_image?: string | null };

export type Dialect = "sqlite" | "pg";

const SUMMARY_FIELDS = "id, slug, title, summary, section, authors, lede, published_at, updated_at, revision, seq, withdrawn_at, urgent";

// The first image block rides along as JSON: no extra column to keep in step with the body.
const LEAD_IMAGE: Record<Dialect, string> = {
  sqlite: "(SELECT value FROM json_each(articles.blocks) WHERE json_extract(value, '$.type') = 'image' LIMIT 1) AS lead_image",
  pg: "(SELECT e::text FROM jsonb_array_elements(articles.blocks::jsonb) AS e WHERE e->>'type' = 'image' LIMIT 1) AS lead_image",
};

/** The columns of a summary, read from `articles`. */
export function summaryColumns(dialect: Dialect): string {
  return `${SUMMARY_FIELDS}, ${LEAD_IMAGE[dialect]}`;
}

/** A scheduled row: an article row before it has a change number or a revision of its own. */
export interface ScheduledRow extends Omit<ArticleRow, "seq" | "withdrawn_at" | "revision" | "corrections"> {
  /** Announce it to push subscribers when released. */
  announce: number | boolean;
}

/** A scheduled row as the article it will become (revision 1). */
export function scheduledArticle(row: ScheduledRow): Article {
  // Corrections come with edits of a live article; a scheduled one has none yet.
  return toArticle({ ...row, revision: 1, seq: 0, withdrawn_at: null, corrections: null });
}

/** Scheduled rows in the order they are released: by time, then id, so racing stores agree. */
export function releaseOrder(rows: ScheduledRow[]): ScheduledRow[] {
  return [...rows].sort((a, b) => Date.parse(a.published_at) - Date.parse(b.published_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Other live articles a reader may want next: the article's own section
 * first, newest first, then the newest of the rest; never the article itself.
 * Two index-ordered scans (articles_section_latest, articles_latest), each
 * stopping at `limit`, instead of sorting the whole table per article page.
 * Placeholders: :id, :section (null for none), :limit, given as `param(name)`.
 */
export function relatedQuery(dialect: Dialect, param: (name: "id" | "section" | "limit") => string): string {
  const columns = summaryColumns(dialect);
  return `SELECT ${SUMMARY_FIELDS}, lead_image FROM (
      SELECT * FROM (
        SELECT ${columns}, 0 AS rank FROM articles
        WHERE withdrawn_at IS NULL AND section = ${param("section")} AND id <> ${param("id")}
        ORDER BY section, published_at DESC, seq DESC LIMIT ${param("limit")}
      ) AS same
      UNION ALL
      SELECT * FROM (
        SELECT ${columns}, 1 AS rank FROM articles
        WHERE withdrawn_at IS NULL AND id <> ${param("id")}
          AND (${param("section")} IS NULL OR section IS NULL OR section <> ${param("section")})
        ORDER BY published_at DESC, seq DESC LIMIT ${param("limit")}
      ) AS other
    ) AS related
    ORDER BY rank, published_at DESC, seq DESC LIMIT ${param("limit")}`;
}

/** The columns of an ArticleLocation. */
export const LOCATION_FIELDS = "slug, title, section, published_at, updated_at";

export type LocationRow = Pick<ArticleRow, "slug" | "title" | "section" | "published_at" | "updated_at">;

export function toLocation(row: LocationRow): ArticleLocation {
  return {
    slug: row.slug,
    title: row.title,
    ...(row.section === null ? {} : { section: row.section }),
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Distinct live sections by a skip scan of articles_section_latest: each step
 * seeks the next name past the last one, so listing them costs one seek per
 * section, not a scan of every article (a GROUP BY would read them all).
 * At most :limit, in the index's order; placeholders given as `param(name)`.
 */
export function sectionsQuery(param: (name: "limit") => string): string {
  return `WITH RECURSIVE s(name, n) AS (
      SELECT (SELECT section FROM articles WHERE withdrawn_at IS NULL AND section IS NOT NULL ORDER BY section LIMIT 1), 1
      UNION ALL
      SELECT (SELECT section FROM articles WHERE withdrawn_at IS NULL AND section > s.name ORDER BY section LIMIT 1), n + 1
      FROM s WHERE s.name IS NOT NULL AND n < ${param("limit")}
    )
    SELECT name, (SELECT published_at FROM articles WHERE withdrawn_at IS NULL AND section = s.name
                  ORDER BY section, published_at DESC, seq DESC LIMIT 1) AS latest_at
    FROM s WHERE name IS NOT NULL`;
}

/** Sections sorted by name in code-unit order, whatever the database's collation. */
export function toSections(rows: readonly { name: string; latest_at: string }[]): SectionEntry[] {
  return rows
    .map((row) => ({ name: row.name, latestAt: row.latest_at }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    ...(row.summary === null ? {} : { summary: row.summary }),
    ...(row.section === null ? {} : { section: row.section }),
    ...(row.authors === null ? {} : { authors: JSON.parse(row.authors) as string[] }),
    lede: row.lede,
    ...leadOf(row),
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    revision: row.revision,
    ...(row.urgent ? { urgent: true as const } : {}),
  };
}

function leadOf(row: SummaryRow): { lead?: LeadImage } {
  if (!row.lead_image) return {};
  let value: unknown;
  try {
    value = JSON.parse(row.lead_image);
  } catch {
    return {};
  }
  const lead = typeof value === "object" && value !== null ? readImage(value as Record<string, unknown>) : undefined;
  return lead ? { lead } : {};
}

export function toArticle(row: ArticleRow): Article {
  const { lede: _lede, lead: _lead, ...summary } = toSummary(row);
  return {
    ...summary,
    blocks: JSON.parse(row.blocks) as Block[],
    ...(row.corrections === null ? {} : { corrections: JSON.parse(row.corrections) as Correction[] }),
  };
}

/** The byline as stored: a JSON array, or null for none. */
export function authorsColumn(authors: readonly string[] | undefined): string | null {
  return authors && authors.length > 0 ? JSON.stringify(authors) : null;
}

/** The rows of article_authors for a byline: one per distinct author key, in byline order. */
export function authorRows(authors: readonly string[] | undefined): { key: string; name: string; position: number }[] {
  const seen = new Set<string>();
  const rows: { key: string; name: string; position: number }[] = [];
  for (const name of authors ?? []) {
    const key = authorKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ key, name, position: rows.length });
  }
  return rows;
}

/** Earlier corrections (as stored) with a new note at `at` after them. */
export function withCorrection(stored: string | null, note: string | undefined, at: string): string | null {
  if (note === undefined) return stored;
  const earlier = stored === null ? [] : (JSON.parse(stored) as Correction[]);
  return JSON.stringify([...earlier, { note, at }]);
}

/**
 * A page of an author's live articles, newest first: one range of
 * article_authors_latest (author, published_at, seq of live rows), the window
 * cut there before any article is read. Placeholders :key, :limit, :offset,
 * given as `param(name)`.
 */
export function byAuthorQuery(dialect: Dialect, param: (name: "key" | "limit" | "offset") => string): string {
  const live = dialect === "pg" ? "live" : "live = 1";
  return `SELECT ${summaryColumns(dialect)} FROM (
      SELECT article_id, published_at AS at, seq AS n FROM article_authors WHERE author_key = ${param("key")} AND ${live}
      ORDER BY published_at DESC, seq DESC LIMIT ${param("limit")} OFFSET ${param("offset")}
    ) AS page JOIN articles ON articles.id = page.article_id
    ORDER BY page.at DESC, page.n DESC`;
}

/**
 * Writes article_authors' rows for the byline (authorRows), each with its
 * article's order and liveness read from its row in `articles`, so run it
 * after that row is written, in the same transaction. Placeholders :id and
 * :rows (JSON array of authorRows; PostgreSQL: text), given as `param(name)`.
 */
export function insertAuthorsQuery(dialect: Dialect, param: (name: "id" | "rows") => string): string {
  const rows =
    dialect === "pg"
      ? `json_to_recordset(${param("rows")}::json) AS r(key text, name text, position int)`
      : `(SELECT json_extract(value, '$.key') AS key, json_extract(value, '$.name') AS name, json_extract(value, '$.position') AS position
           FROM json_each(${param("rows")})) AS r`;
  return `INSERT INTO article_authors (author_key, article_id, name, position, published_at, seq, live)
    SELECT r.key, a.id, r.name, r.position, a.published_at, a.seq, a.withdrawn_at IS NULL FROM articles AS a, ${rows}
    WHERE a.id = ${param("id")}`;
}

/**
 * Sets the article's rows in article_authors to its row's order and liveness
 * (after a withdrawal), in the write's transaction. Placeholder :id.
 */
export function followArticleQuery(param: (name: "id") => string): string {
  return `UPDATE article_authors SET published_at = a.published_at, seq = a.seq, live = a.withdrawn_at IS NULL
    FROM articles AS a WHERE a.id = article_authors.article_id AND article_authors.article_id = ${param("id")}`;
}

/** About the bytes an article's row takes in the feed's JSON: its text fields, as stored, and a little for the rest. */
export const ROW_BYTES_SQL =
  "octet_length(blocks) + octet_length(title) + COALESCE(octet_length(summary), 0) + COALESCE(octet_length(section), 0) + " +
  "COALESCE(octet_length(authors), 0) + COALESCE(octet_length(corrections), 0) + octet_length(slug) + octet_length(id) + 160";

export function rowBytes(row: ArticleRow): number {
  const text = [row.blocks, row.title, row.summary ?? "", row.section ?? "", row.authors ?? "", row.corrections ?? "", row.slug, row.id];
  return text.reduce((sum, s) => sum + Buffer.byteLength(s), 160);
}

/** The feed page's rule: full at `limit` changes, or once its articles' bytes reach `maxBytes` (never before one article). */
function pageFull(changes: number, articles: number, bytes: number, limit: number, maxBytes: number): boolean {
  return changes >= limit || (articles > 0 && bytes >= maxBytes);
}

/**
 * How many of `rows` (in sequence order, sized but not yet read whole) one
 * feed page takes, and whether more remain: the rule ChangePageBuilder applies.
 */
export function pageCut(rows: readonly { live: boolean; bytes: number }[], limit: number, maxBytes: number): { take: number; hasMore: boolean } {
  let articles = 0;
  let bytes = 0;
  for (const [i, row] of rows.entries()) {
    if (pageFull(i, articles, bytes, limit, maxBytes)) return { take: i, hasMore: true };
    if (row.live) {
      articles++;
      bytes += row.bytes;
    }
  }
  return { take: rows.length, hasMore: false };
}

/**
 * Builds one feed page from rows in sequence order: at most `limit` changes,
 * and no more articles once their JSON passes `maxBytes` (always at least one
 * change, so the feed moves on). Callers feed rows one at a time and stop at
 * the first refusal, so a full page reads no further.
 */
export class ChangePageBuilder {
  private readonly articles: Article[] = [];
  private readonly deleted: string[] = [];
  private lastSeq: number;
  private bytes = 0;
  private hasMore = false;

  constructor(
    afterSeq: number,
    private readonly limit: number,
    private readonly maxBytes: number,
  ) {
    this.lastSeq = afterSeq;
  }

  /** Adds the next row; false (and hasMore) when the page is already full. */
  add(row: ArticleRow): boolean {
    if (pageFull(this.articles.length + this.deleted.length, this.articles.length, this.bytes, this.limit, this.maxBytes)) {
      this.hasMore = true;
      return false;
    }
    if (row.withdrawn_at === null) {
      this.bytes += rowBytes(row);
      this.articles.push(toArticle(row));
    } else {
      this.deleted.push(row.id);
    }
    this.lastSeq = row.seq;
    return true;
  }

  /** The page; `more` says rows remain that were never offered to add(). */
  page(more = false): ChangePage {
    return { articles: this.articles, deleted: this.deleted, lastSeq: this.lastSeq, hasMore: this.hasMore || more };
  }
}
