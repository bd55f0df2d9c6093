/**
 * HTTP/2 toward push services: one session per push service origin carries
 * every push to it as a stream, instead of a TLS connection and its writes
 * per handful of requests. The protocol is chosen by ALPN; an origin that
 * answers http/1.1, or whose HTTP/2 setup fails, is remembered for a while
 * and its pushes go by HTTPS/1.1 (PushSender's other path).
 *
 * Sessions: at most the peer's SETTINGS_MAX_CONCURRENT_STREAMS streams at once
 * (the others wait their turn), a new session after GOAWAY, an error or a
 * close, idle ones closed, a bounded number of origins kept, and the socket
 * unref'd whenever no stream is open, so a kept session never holds a process.
 */
import http2 from "node:http2";
import type { ClientHttp2Session, IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http2";
import type { Agent } from "node:https";
import { isIP } from "node:net";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import tls from "node:tls";

/** How an HTTP/2 push request ended at the transport level (status mapping is the caller's). */
export interface H2Response {
  status: number;
  headers: IncomingHttpHeaders;
}

/** The origin speaks HTTP/1.1 only (or HTTP/2 could not be set up): send this push the other way. */
export class UseHttp1 extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "UseHttp1";
  }
}

export interface H2Options {
  /** TLS trust and client settings for the push services; default the system's CAs. */
  tls?: ConnectionOptions;
  /** A session without streams for this long is closed; default 30 s. */
  idleMs?: number;
  /** Origins with a session kept at once; past it the one connected longest ago is closed; default 32. */
  maxOrigins?: number;
  /** How long an origin that answered http/1.1 (or failed HTTP/2 setup) is sent to by HTTP/1.1; default 10 min. */
  http1Ms?: number;
  /** TCP, TLS and the peer's first SETTINGS must take no longer; default 10 s. */
  connectTimeoutMs?: number;
}

/** The TLS settings a test's or the bench's https.Agent carries (its `ca`), reused for the HTTP/2 connections. */
export function tlsOptionsOf(agent: Agent | undefined): ConnectionOptions {
  // https.Agent keeps its constructor options (Node's `agent.options`); only the TLS ones matter here.
  const options = (agent as (Agent & { options?: ConnectionOptions }) | undefined)?.options ?? {};
  const { ca, cert, key, rejectUnauthorized, minVersion } = options;
  return Object.fromEntries(Object.entries({ ca, cert, key, rejectUnauthorized, minVersion }).filter(([, v]) => v !== undefined));
}

/**
 * One push's clock: once it runs out the request is abandoned. Lighter than
 * an AbortSignal, whose EventTarget cost a few percent of a fan-out's CPU.
 */
export class Expiry {
  expired = false;
  private handler: (() => void) | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ms: number) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.handler?.();
    }, ms);
  }

  /** The error a request that ran out of time fails with. */
  get error(): Error {
    return new Error(`no answer within ${this.ms} ms`);
  }

  /** `handler` runs when the time runs out (it replaces the one set before; undefined clears it). */
  onExpire(handler: (() => void) | undefined): void {
    this.handler = handler;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.handler = undefined;
  }
}

/** RFC 9113 REFUSED_STREAM: the peer did not process the stream, so sending it again is safe. */
const REFUSED_STREAM = http2.constants.NGHTTP2_REFUSED_STREAM;
/** Fresh sessions tried for one push refused by a closing session. */
const MAX_REFUSALS = 3;

interface Session {
  session: ClientHttp2Session;
  /** Streams open on it. */
  active: number;
  /** The peer's limit on concurrent streams. */
  limit: number;
  /** Requests waiting for a stream slot. */
  waiting: (() => void)[];
  /** Set once GOAWAY, an error or a close retired it: no new streams. */
  retired: boolean;
}

export class H2Pool {
  private readonly sessions = new Map<string, Session | Promise<Session>>();
  /** Origins sent to by HTTP/1.1 until the time kept. */
  private readonly http1 = new Map<string, number>();
  private closed = false;
  private readonly idleMs: number;
  private readonly maxOrigins: number;
  private readonly http1Ms: number;
  /** Sessions opened since the pool was made (tests and the bench read it). */
  opened = 0;
  /** Streams the peer refused or a closing session never sent, sent again. */
  resent = 0;

  constructor(private readonly options: H2Options = {}) {
    this.idleMs = options.idleMs ?? 30_000;
    this.maxOrigins = options.maxOrigins ?? 32;
    this.http1Ms = options.http1Ms ?? 10 * 60_000;
  }

  /** True while `origin` is to be sent to by HTTP/1.1. */
  prefersHttp1(origin: string, now = Date.now()): boolean {
    const until = this.http1.get(origin);
    if (until === undefined) return false;
    if (until > now) return true;
    this.http1.delete(origin);
    return false;
  }

  private rememberHttp1(origin: string): void {
    this.http1.delete(origin);
    this.http1.set(origin, Date.now() + this.http1Ms);
    if (this.http1.size > this.maxOrigins * 4) this.http1.delete(this.http1.keys().next().value ?? origin);
  }

  /**
   * POSTs `body` to `endpoint` over the origin's session; resolves with the
   * answer's status once the stream has ended. Throws UseHttp1 when the
   * origin does not speak HTTP/2 (nothing was sent), any other error when
   * the request failed (the caller maps it to a retry). `expiry` abandons it
   * (the caller's timeout).
   */
  async post(endpoint: URL, headers: OutgoingHttpHeaders, body: Buffer | null, expiry: Expiry): Promise<H2Response> {
    for (let refusals = 0; ; refusals++) {
      // No await when a session and a slot are at hand: each one is a microtask per push.
      const kept = this.sessions.get(endpoint.origin);
      const entry = kept !== undefined && !(kept instanceof Promise) && !kept.retired && !this.closed ? kept : await this.session(endpoint.origin);
      try {
        if (entry.active < entry.limit && !entry.retired) {
          if (entry.active++ === 0) entry.session.ref();
        } else {
          await this.slot(entry, expiry);
        }
        return await this.stream(entry, endpoint, headers, body, expiry);
      } catch (error) {
        // A stream the peer refused, or never sent because the session closed under it, is safe to send again.
        if (!(error instanceof NotSent) || refusals + 1 >= MAX_REFUSALS || expiry.expired) throw error instanceof NotSent ? error.cause : error;
        this.resent++;
      }
    }
  }

  /** Closes every session (gracefully: open streams finish) and takes no more requests. */
  close(): void {
    this.closed = true;
    for (const [origin, entry] of this.sessions) {
      this.sessions.delete(origin);
      if (entry instanceof Promise) void entry.then((e) => this.retire(e, true), () => {});
      else this.retire(entry, true);
    }
  }

  private async session(origin: string): Promise<Session> {
    if (this.closed) throw new UseHttp1("HTTP/2 sessions closed");
    const kept = this.sessions.get(origin);
    if (kept !== undefined && (kept instanceof Promise || !kept.retired)) {
      // Most recently used last, so eviction takes the oldest.
      this.sessions.delete(origin);
      this.sessions.set(origin, kept);
      return kept;
    }
    const connecting = this.connect(origin);
    this.sessions.set(origin, connecting);
    this.evict();
    try {
      const entry = await connecting;
      if (this.sessions.get(origin) === connecting) this.sessions.set(origin, entry);
      else this.retire(entry, true); // evicted or closed while connecting; its request still uses it
      return entry;
    } catch (error) {
      if (this.sessions.get(origin) === connecting) this.sessions.delete(origin);
      throw error;
    }
  }

  private evict(): void {
    while (this.sessions.size > this.maxOrigins) {
      const [origin, entry] = this.sessions.entries().next().value as [string, Session | Promise<Session>];
      this.sessions.delete(origin);
      if (entry instanceof Promise) void entry.then((e) => this.retire(e, true), () => {});
      else this.retire(entry, true);
    }
  }

  /** TLS with ALPN h2 and http/1.1, then an HTTP/2 session on that socket once the peer's SETTINGS arrived. */
  private async connect(origin: string): Promise<Session> {
    const url = new URL(origin);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tls.connect({
        ...this.options.tls,
        host,
        port: Number(url.port || 443),
        ...(isIP(host) ? {} : { servername: host }),
        ALPNProtocols: ["h2", "http/1.1"],
      });
      s.setTimeout(this.options.connectTimeoutMs ?? 10_000, () => s.destroy(new Error("no TLS handshake in time")));
      s.once("secureConnect", () => {
        s.setTimeout(0);
        resolve(s);
      });
      s.once("error", reject);
    }).catch((error: Error) => {
      // Unreachable or refused TLS: the HTTP/1.1 path tries (and reports) it too; HTTP/2 is tried again next time.
      throw new UseHttp1(error.message);
    });
    if (socket.alpnProtocol !== "h2") {
      socket.destroy();
      this.rememberHttp1(origin);
      throw new UseHttp1(`answered ${socket.alpnProtocol || "without ALPN"}`);
    }
    const session = http2.connect(origin, { createConnection: () => socket, settings: { enablePush: false } });
    this.opened++;
    const entry: Session = { session, active: 0, limit: Infinity, waiting: [], retired: false };
    try {
      await new Promise<void>((resolve, reject) => {
        setTimeout(() => reject(new Error("no HTTP/2 SETTINGS in time")), this.options.connectTimeoutMs ?? 10_000).unref();
        session.once("remoteSettings", (settings) => {
          entry.limit = Math.max(1, settings.maxConcurrentStreams ?? Infinity);
          resolve();
        });
        session.once("error", reject);
        session.once("close", () => reject(new Error("session closed during setup")));
      });
    } catch (error) {
      session.destroy();
      this.rememberHttp1(origin);
      throw new UseHttp1((error as Error).message);
    }
    session.on("remoteSettings", (settings) => {
      entry.limit = Math.max(1, settings.maxConcurrentStreams ?? Infinity);
      this.release(entry, 0);
    });
    // Retired, never thrown: requests on it fail (and are sent again when never processed); the next one connects afresh.
    session.on("error", () => this.retire(entry, false));
    session.on("goaway", () => this.retire(entry, false));
    session.on("close", () => this.retire(entry, false));
    session.setTimeout(this.idleMs, () => {
      if (entry.active === 0) this.retire(entry, true);
    });
    session.unref();
    return entry;
  }

  /** No new streams on `entry`; closes it now (graceful) when asked; waiters go find another session. */
  private retire(entry: Session, close: boolean): void {
    entry.retired = true;
    for (const [origin, kept] of this.sessions) if (kept === entry) this.sessions.delete(origin);
    for (const wake of entry.waiting.splice(0)) wake();
    if (close && !entry.session.closed && !entry.session.destroyed) entry.session.close();
  }

  /** Waits for a stream slot under the peer's limit. */
  private async slot(entry: Session, expiry: Expiry): Promise<void> {
    while (entry.active >= entry.limit && !entry.retired) {
      await new Promise<void>((resolve) => {
        entry.waiting.push(resolve);
        expiry.onExpire(resolve);
      });
      expiry.onExpire(undefined);
      if (expiry.expired) throw expiry.error;
    }
    if (entry.retired) throw new NotSent(new Error("session closed"));
    if (entry.active++ === 0) entry.session.ref();
  }

  private release(entry: Session, freed: number): void {
    entry.active -= freed;
    if (entry.active === 0 && !entry.session.destroyed) entry.session.unref();
    // Each woken request checks the limit again before it takes a slot.
    for (let free = entry.limit - entry.active; free > 0 && entry.waiting.length > 0; free--) entry.waiting.shift()?.();
  }

  private stream(entry: Session, endpoint: URL, headers: OutgoingHttpHeaders, body: Buffer | null, expiry: Expiry): Promise<H2Response> {
    return new Promise<H2Response>((resolve, reject) => {
      let answer: H2Response | undefined;
      let released = false;
      const done = () => {
        if (!released) {
          released = true;
          this.release(entry, 1);
        }
      };
      let req: http2.ClientHttp2Stream;
      try {
        req = entry.session.request({ ...headers, ":method": "POST", ":path": `${endpoint.pathname}${endpoint.search}` }, { endStream: body === null });
      } catch (error) {
        // The session went away between taking the slot and opening the stream: nothing was sent.
        done();
        this.retire(entry, false);
        reject(new NotSent(error as Error));
        return;
      }
      expiry.onExpire(() => req.close(http2.constants.NGHTTP2_CANCEL));
      req.on("response", (h) => (answer = { status: Number(h[":status"]), headers: h }));
      req.on("error", () => {}); // reported through 'close' below, with its rstCode
      req.resume(); // the answer's body is not read; a push service's is a short diagnostic
      req.on("close", () => {
        done();
        expiry.onExpire(undefined);
        if (answer !== undefined && req.rstCode === http2.constants.NGHTTP2_NO_ERROR) resolve(answer);
        else if (expiry.expired) reject(expiry.error);
        else if (answer === undefined && req.rstCode === REFUSED_STREAM) reject(new NotSent(new Error("stream refused")));
        else if (answer !== undefined) resolve(answer); // the answer came; a reset after it does not undo it
        else reject(new Error(`stream closed without an answer (HTTP/2 code ${req.rstCode})`));
      });
      if (body !== null) req.end(body);
    });
  }
}

/** A request the peer never processed (refused stream, or a session closing before it was opened). */
class NotSent extends Error {
  constructor(readonly cause: Error) {
    super(cause.message);
  }
}
