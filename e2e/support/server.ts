/**
 * A real production server process (`npm start` without its build step, or
 * `next start` itself) with its own DATA_DIR and port. `stop()` kills its
 * whole process group and waits until a fresh connection is refused, so a
 * test that stops it is truly offline. `runUntilExit()` is for starts that
 * must fail: it waits for the process to end on its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const PUBLISH_TOKEN = "e2e-publish-token";

export interface ServerOptions {
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  /** Run `next start` directly instead of `npm start`'s scripts/start.mjs. */
  nextStart?: boolean;
  /** Run as this uid/gid (when the tests run as root, so file permissions bite). */
  uid?: number;
}

/** How a process that ended on its own ended. */
export interface ExitReport {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function connectable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export class AppServer {
  private child: ChildProcess | undefined;
  private exit: Promise<ExitReport> | undefined;
  private log = "";
  readonly dataDir: string;
  port = 0;

  constructor(private readonly options: ServerOptions = {}) {
    this.dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "news-e2e-"));
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  private async spawn(): Promise<ChildProcess> {
    this.port = this.port || this.options.port || (await freePort());
    const [command, args] = this.options.nextStart
      ? [path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(this.port)]]
      : [process.execPath, ["scripts/start.mjs"]];
    const child = spawn(command, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      ...(this.options.uid === undefined ? {} : { uid: this.options.uid, gid: this.options.uid }),
      env: {
        ...process.env,
        SKIP_BUILD: "1",
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        PUBLISH_TOKEN,
        NEXT_TELEMETRY_DISABLED: "1",
        // SQLite in the server's own DATA_DIR unless the test gives a database.
        DATABASE_URL: "",
        ...this.options.env,
      },
    });
    this.child = child;
    child.stdout?.on("data", (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.log += d.toString()));
    this.exit = new Promise((resolve) => {
      child.once("close", (code, signal) => resolve({ code, signal, output: this.log }));
    });
    return child;
  }

  /** Starts a server that must refuse to start: resolves with its exit once it ends on its own. */
  async runUntilExit(timeoutMs = 60_000): Promise<ExitReport> {
    await this.spawn();
    const exit = this.exit!;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    const outcome = await Promise.race([exit, timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      await this.stop();
      throw new Error(`server still running after ${timeoutMs} ms:\n${this.log}`);
    }
    this.child = undefined;
    return outcome;
  }

  /** Starts the server and resolves once the home page answers. */
  async start(): Promise<this> {
    const child = await this.spawn();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${this.log}`);
      try {
        const res = await fetch(`${this.url}/`);
        if (res.ok) return this;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not start in time:\n${this.log}`);
  }

  /** Kills the server's process group and waits until connections are refused. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.child = undefined;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (!(await connectable(this.port))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`port ${this.port} still accepts connections after stop`);
  }

  /** The process group's id (its leader's pid) while the server runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  output(): string {
    return this.log;
  }

  /** Edits an article over HTTP; returns its new revision. */
  async revise(id: string, body: Record<string, unknown>): Promise<number> {
    const res = await fetch(`${this.url}/api/articles/${id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`edit failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { revision: number }).revision;
  }

  /** Withdraws an article over HTTP. */
  async withdraw(id: string): Promise<void> {
    const res = await fetch(`${this.url}/api/articles/${id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${PUBLISH_TOKEN}` },
    });
    if (res.status !== 204) throw new Error(`withdraw failed: ${res.status} ${await res.text()}`);
  }

  /** Publishes over HTTP as the newsroom would. */
  async publish(body: Record<string, unknown>): Promise<{ id: string; slug: string; url: string }> {
    const res = await fetch(`${this.url}/api/articles`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; slug: string; url: string };
  }
}
