/**
 * A real HTTP server in front of an AppServer that rewrites the delta feed's
 * JSON on its way to the phone: stands in for a newer server release, or a
 * buggy one, without any test hook in the app. Everything else passes as is.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FeedRewrite = (page: Record<string, unknown>) => Record<string, unknown>;

export class FeedProxy {
  private server: http.Server | undefined;
  port = 0;

  constructor(
    private readonly target: string,
    private readonly rewrite: FeedRewrite,
  ) {}

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && !["host", "connection", "accept-encoding"].includes(name)) headers.set(name, value);
      }
      const upstream = await fetch(`${this.target}${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        redirect: "manual",
      });
      let body = Buffer.from(await upstream.arrayBuffer());
      const out = new Headers(upstream.headers);
      out.delete("content-encoding");
      out.delete("content-length");
      out.delete("transfer-encoding");
      const isFeed = req.method === "GET" && /^\/api\/articles(?:\?|$)/.test(req.url ?? "") && upstream.status === 200;
      if (isFeed) {
        body = Buffer.from(JSON.stringify(this.rewrite(JSON.parse(body.toString("utf8")) as Record<string, unknown>)));
        out.delete("etag");
      }
      res.writeHead(upstream.status, Object.fromEntries(out));
      res.end(body);
    } catch {
      res.writeHead(502).end();
    }
  }

  /** Closes the proxy and every open connection: the phone is offline. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
