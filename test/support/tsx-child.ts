/**
 * Runs a TypeScript entry point as a real child process (through tsx, as
 * `npm run publish` does), so tests see exit codes and output exactly as an
 * operator would. When the tests run as root, `asNobody` drops to uid/gid
 * 65534 so file permissions apply for real.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
export const NOBODY = 65534;

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Run as uid/gid 65534 when we are root (file permissions do not bite root). */
  asNobody?: boolean;
  /** In a process group of its own, so kill() ends tsx and the Node process it starts alike. */
  detached?: boolean;
}

export interface RunningChild {
  child: ChildProcess;
  /** Resolves once the child has printed `line` on stdout. */
  printed(line: string): Promise<void>;
  /** Resolves when the child exits. */
  done: Promise<ChildResult>;
  /** SIGKILL to the child's process group (started `detached`): a crash, with no chance to clean up. */
  kill(): void;
}

export function startTsx(entry: string, args: string[], options: ChildOptions = {}): RunningChild {
  const dropToNobody = options.asNobody === true && process.getuid?.() === 0;
  const child = spawn(TSX, [entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
    detached: options.detached === true,
    ...(dropToNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = "";
  let stderr = "";
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.splice(0)) {
      if (stdout.split("\n").includes(w.line)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
  return {
    child,
    done,
    kill: () => {
      if (child.pid === undefined) return;
      try {
        process.kill(options.detached ? -child.pid : child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
    printed: (line) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.split("\n").includes(line)) return resolve();
        waiters.push({ line, resolve });
        void done.then((r) => reject(new Error(`child exited (${r.code}) before printing "${line}":\n${r.stdout}${r.stderr}`)));
      }),
  };
}

/** Runs to completion, with stdin closed. */
export async function runTsx(entry: string, args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  const running = startTsx(entry, args, options);
  running.child.stdin?.end();
  return running.done;
}
