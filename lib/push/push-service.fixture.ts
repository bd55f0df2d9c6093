/**
 * A real web-push receiving end for tests: an HTTP/2 and HTTPS/1.1 server on
 * 127.0.0.1 (push services speak https; real ones HTTP/2 too) with a throwaway self-signed certificate, browser-side
 * subscription keys, VAPID token verification and aes128gcm decryption, so
 * tests exercise the library's actual encryption instead of a mock.
 */
import type { ECDH, KeyObject } from "node:crypto";
import { createECDH, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import http2 from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from "node:http2";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { PushSubscriptionRecord } from "@/lib/store/article-store";

// http_ece ships no types; this is the one call the tests need (RFC 8188 decryption, web-push mode).
const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(buffer: Buffer, params: { version: "aes128gcm"; privateKey: ECDH; authSecret: string }): Buffer;
};

// Minimal DER, enough for one self-signed X.509 certificate.
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const seq = (...c: Buffer[]) => der(0x30, ...c);
const oid = (hex: string) => der(0x06, Buffer.from(hex, "hex"));
const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-T:]/g, "")}Z`));

/** A self-signed P-256 certificate for IP 127.0.0.1, valid for a day. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaWithSha256 = seq(oid("2a8648ce3d040302"));
  const name = seq(der(0x31, seq(oid("550403"), der(0x0c, Buffer.from("127.0.0.1")))));
  const now = Date.now();
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.concat([Buffer.from([0x01]), randomBytes(8)])),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    // subjectAltName: iPAddress 127.0.0.1, which TLS checks the host against.
    der(0xa3, seq(seq(oid("551d11"), der(0x04, seq(der(0x87, Buffer.from([127, 0, 0, 1]))))))),
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const certificate = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const base64 = certificate.toString("base64").replace(/.{64}/g, "$&\n");
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
  };
}

/** One push message as the push service received it. */
export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The protocol it came over. */
  httpVersion: "2.0" | "1.1";
}

/** What a handler answers with: the part of an HTTP/1.1 or HTTP/2 response the tests use. */
export interface PushResponse {
  writeHead(status: number, headers?: Record<string, string>): { end(body?: string): unknown };
  destroy(): void;
}

/** Answers a received push; leaving `res` unanswered simulates a push service that hangs. */
export type PushHandler = (push: ReceivedPush, res: PushResponse) => void;

export interface PushServiceOptions {
  /** Speak HTTPS/1.1 only, as an older push service or a proxy would (default: HTTP/2 and HTTP/1.1 on one port, by ALPN). */
  http1Only?: boolean;
  /** SETTINGS_MAX_CONCURRENT_STREAMS announced on each HTTP/2 session. */
  maxConcurrentStreams?: number;
  /** After this many streams on an HTTP/2 session, send GOAWAY naming the last one: later streams are refused, the client must reconnect. */
  goawayAfter?: number;
}

export interface LocalPushService {
  origin: string;
  /** An agent that trusts this service's certificate, for NotifyOptions.agent. */
  agent: https.Agent;
  /** The service's self-signed certificate (PEM), for a child process's NODE_EXTRA_CA_CERTS. */
  cert: string;
  received: ReceivedPush[];
  /** Most requests seen in flight at once. */
  maxInFlight: () => number;
  /** Connections accepted so far, by the protocol ALPN chose. */
  connections: () => { h2: number; http1: number };
  /** Connections open now. */
  openConnections: () => number;
  /** Ends every open connection at once (no GOAWAY), as a push service restarting would. */
  dropConnections: () => void;
  close: () => Promise<void>;
}

/**
 * Starts a push service on 127.0.0.1 speaking HTTP/2 and HTTPS/1.1 (or only
 * HTTPS/1.1); `routes` maps a path to its handler (default: 201 Created).
 */
export async function startPushService(routes: Record<string, PushHandler> = {}, options: PushServiceOptions = {}): Promise<LocalPushService> {
  const { key, cert } = selfSignedCertificate();
  const received: ReceivedPush[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const connections = { h2: 0, http1: 0 };
  const sockets = new Set<TLSSocket>();
  const onRequest = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const push: ReceivedPush = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks), httpVersion: req.httpVersion === "2.0" ? "2.0" : "1.1" };
      received.push(push);
      const handler = routes[push.path] ?? ((_: ReceivedPush, r: PushResponse) => r.writeHead(201).end());
      handler(push, res as PushResponse);
    });
  };
  const server = options.http1Only
    ? https.createServer({ key, cert }, onRequest)
    : http2.createSecureServer(
        { key, cert, allowHTTP1: true, ...(options.maxConcurrentStreams ? { settings: { maxConcurrentStreams: options.maxConcurrentStreams } } : {}) },
        onRequest,
      );
  server.on("secureConnection", (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (socket.alpnProtocol === "h2") connections.h2++;
    else connections.http1++;
  });
  if (options.goawayAfter !== undefined && !options.http1Only) {
    const after = options.goawayAfter;
    server.on("session", (session: ServerHttp2Session) => {
      let streams = 0;
      session.on("stream", (stream) => {
        if (++streams === after) {
          // Streams the client opened after this one are refused; this one and those before it are answered.
          session.goaway(http2.constants.NGHTTP2_NO_ERROR, stream.id);
          session.close();
        }
      });
    });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({ ca: cert });
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    origin: `https://127.0.0.1:${port}`,
    agent,
    cert,
    received,
    maxInFlight: () => maxInFlight,
    connections: () => ({ ...connections }),
    openConnections: () => sockets.size,
    dropConnections,
    close: async () => {
      agent.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropConnections();
      await closed;
    },
  };
}

/** What a browser keeps for one subscription: the record it sends the server, and the private half to decrypt with. */
export interface BrowserSubscription {
  record: PushSubscriptionRecord;
  ecdh: ECDH;
  auth: string;
}

/** A subscription as `pushManager.subscribe()` would make it, pointing at `endpoint`. */
export function browserSubscription(endpoint: string): BrowserSubscription {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16).toString("base64url");
  return { record: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth } }, ecdh, auth };
}

/** Decrypts an aes128gcm push body the way the browser does. */
export function decryptPush(body: Buffer, subscription: BrowserSubscription): string {
  return ece.decrypt(body, { version: "aes128gcm", privateKey: subscription.ecdh, authSecret: subscription.auth }).toString("utf8");
}

function rawP256PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") },
    format: "jwk",
  });
}

/** Checks a `vapid t=…, k=…` Authorization header as a push service does; returns the key and the token's claims. */
export function verifyVapid(authorization: string | undefined): { publicKey: string; claims: Record<string, unknown> } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? "");
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  const [header, payload, signature] = match[1].split(".") as [string, string, string];
  const { alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as { alg?: string };
  if (alg !== "ES256") throw new Error(`VAPID token uses ${alg}, not ES256`);
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    { key: rawP256PublicKey(Buffer.from(match[2], "base64url")), dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!valid) throw new Error("VAPID token signature does not verify with its k= key");
  return { publicKey: match[2], claims: JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown> };
}
