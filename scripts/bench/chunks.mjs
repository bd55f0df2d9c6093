// @ts-check
/**
 * Which bytes of the shipped JavaScript are Next.js's and which are ours.
 *
 * Chunk-level attribution is not enough: Turbopack puts our root-layout client
 * component (and everything it imports) into the same chunk as Next's own
 * client components (layout-router, client-page, …). So we split chunks into
 * modules and attribute each module:
 *
 *  - framework: every module of the build's `rootMainFiles` (React, React DOM,
 *    the App Router client, the Turbopack runtime: what every App Router page
 *    bootstraps) and every module reachable from Next's own client components
 *    (client-reference-manifest entries under node_modules/next/, which every
 *    page's RSC payload references). This is what a bare `app/page.tsx` ships.
 *  - ours: every other module the page loads (our 'use client' components, the
 *    code they import, third-party client libraries we chose).
 *
 * Our share of a chunk is its gzip size minus the gzip size of the same chunk
 * with our modules cut out, i.e. what our code adds on the wire.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

/**
 * @typedef {object} ChunkModule
 * @property {string} id
 * @property {string} literal the id as written in the chunk
 * @property {string} source the factory's source text, exactly as in the chunk
 * @property {string[]} deps module ids the factory refers to
 */

const TURBOPACK_CHUNK = "(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push(";

/**
 * Modules of a Turbopack chunk, read by running the chunk's single `push` in
 * an empty context (it only registers factories; none of them runs).
 * @param {string} code
 * @returns {ChunkModule[] | undefined} undefined when the chunk isn't a Turbopack module chunk
 */
export function turbopackModules(code) {
  if (!code.startsWith(TURBOPACK_CHUNK)) return undefined;
  /** @type {{ TURBOPACK?: unknown[][] }} */
  const sandbox = {};
  try {
    vm.runInNewContext(code, sandbox, { timeout: 2_000 });
  } catch {
    return undefined;
  }
  const pushed = sandbox.TURBOPACK?.[0];
  if (!pushed) return undefined;
  /** @type {ChunkModule[]} */
  const modules = [];
  // [currentScript, id, factory, id, factory, …, maybe a trailing params object]
  for (let i = 1; i + 1 < pushed.length; i++) {
    const id = pushed[i];
    const factory = pushed[i + 1];
    if ((typeof id !== "number" && typeof id !== "string") || typeof factory !== "function") continue;
    const source = Function.prototype.toString.call(factory);
    // Turbopack's runtime helpers are one-letter methods taking a module id: e.i(123), e.r(123), e.A(123).
    const deps = [...source.matchAll(/\.[A-Za-z]\((\d+|"[^"]+")\)/g)].map((m) => String(JSON.parse(/** @type {string} */ (m[1]))));
    modules.push({ id: String(id), literal: typeof id === "number" ? String(id) : JSON.stringify(id), source, deps });
    i++;
  }
  return modules;
}

/**
 * Client components named in the build's client reference manifests, split
 * into Next's own and the rest (ours, including third-party ones we import).
 * @param {string} root
 * @returns {{ next: Map<string, string>, ours: Map<string, string> }} module id → module path
 */
export function clientEntries(root) {
  /** @type {Map<string, string>} */
  const next = new Map();
  /** @type {Map<string, string>} */
  const ours = new Map();
  for (const file of findFiles(path.join(root, ".next", "server", "app"), (f) => f.endsWith("_client-reference-manifest.js"))) {
    /** @type {{ __RSC_MANIFEST?: Record<string, { clientModules?: Record<string, { id: string | number }> }> }} */
    const sandbox = {};
    vm.runInNewContext(readFileSync(file, "utf8"), sandbox, { timeout: 2_000 });
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const [modulePath, entry] of Object.entries(manifest.clientModules ?? {})) {
        const name = modulePath.replace(/^\[project\]\//, "");
        (/(^|[/\\])node_modules[/\\]next[/\\]/.test(name) ? next : ours).set(String(entry.id), name);
      }
    }
  }
  return { next, ours };
}

/** @param {string} root */
export function rootMainFiles(root) {
  /** @type {{ rootMainFiles?: string[] }} */
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "build-manifest.json"), "utf8"));
  const files = (manifest.rootMainFiles ?? []).map((f) => `/_next/${f}`);
  if (files.length === 0) throw new Error(".next/build-manifest.json lists no rootMainFiles");
  return files;
}

/**
 * @param {Iterable<string>} roots
 * @param {Map<string, ChunkModule>} modules
 */
function reachable(roots, modules) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const id = /** @type {string} */ (stack.pop());
    if (seen.has(id)) continue;
    seen.add(id);
    for (const dep of modules.get(id)?.deps ?? []) stack.push(dep);
  }
  return seen;
}

/**
 * @typedef {object} ChunkShare
 * @property {string} pathname
 * @property {"framework" | "mixed" | "ours" | "unparsed"} kind
 * @property {boolean} rootMain one of the build's rootMainFiles
 * @property {string} code
 * @property {string} frameworkCode the chunk without our modules ("" when none of it is Next's)
 * @property {number} ourModules
 */

/**
 * Splits each chunk into Next's part and ours.
 * @param {string} root
 * @param {{ pathname: string, code: string }[]} chunks the page's scripts (no nomodule ones)
 * @returns {{ chunks: ChunkShare[], entries: { id: string, name: string, source: string }[] }}
 *   entries: our client components on this page, with the source of the code only they bring
 */
export function attribute(root, chunks) {
  const rootMain = new Set(rootMainFiles(root));
  const { next, ours } = clientEntries(root);

  /** @type {Map<string, ChunkModule[] | undefined>} */
  const parsed = new Map(chunks.map((c) => [c.pathname, turbopackModules(c.code)]));
  /** @type {Map<string, ChunkModule>} */
  const all = new Map();
  for (const modules of parsed.values()) for (const m of modules ?? []) all.set(m.id, m);

  const frameworkRoots = [...next.keys()];
  for (const [pathname, modules] of parsed) if (rootMain.has(pathname)) frameworkRoots.push(...(modules ?? []).map((m) => m.id));
  const framework = reachable(frameworkRoots, all);
  // Anything loaded that Next's code doesn't reach is ours, named or not.
  const isOurs = (/** @type {string} */ id) => !framework.has(id);

  const result = chunks.map(({ pathname, code }) => {
    const modules = parsed.get(pathname);
    const base = { pathname, code, rootMain: rootMain.has(pathname) };
    if (base.rootMain) return { ...base, kind: /** @type {const} */ ("framework"), frameworkCode: code, ourModules: 0 };
    // Not a module chunk we can read: count it as ours rather than guess.
    if (!modules) return { ...base, kind: /** @type {const} */ ("unparsed"), frameworkCode: "", ourModules: 0 };
    const mine = modules.filter((m) => isOurs(m.id));
    if (mine.length === modules.length) return { ...base, kind: /** @type {const} */ ("ours"), frameworkCode: "", ourModules: mine.length };
    let frameworkCode = code;
    for (const m of mine) {
      const segment = `,${m.literal},${m.source}`;
      if (!frameworkCode.includes(segment)) throw new Error(`could not find module ${m.id} in ${pathname}`);
      frameworkCode = frameworkCode.replace(segment, "");
    }
    return { ...base, kind: mine.length ? /** @type {const} */ ("mixed") : /** @type {const} */ ("framework"), frameworkCode, ourModules: mine.length };
  });

  const entries = [...ours]
    .filter(([id]) => all.has(id))
    .map(([id, name]) => {
      const own = [...reachable([id], all)].filter((m) => isOurs(m) && all.has(m));
      return { id, name, source: own.map((m) => all.get(m)?.source ?? "").join("\n") };
    });
  return { chunks: result, entries };
}

/**
 * @param {string} dir
 * @param {(file: string) => boolean} keep
 * @returns {string[]}
 */
function findFiles(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, keep);
    return keep(full) ? [full] : [];
  });
}
