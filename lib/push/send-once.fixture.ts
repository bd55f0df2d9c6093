/**
 * A child process for notify.test.ts: sends one push over HTTP/2 and leaves
 * its sender open, to show a kept session does not hold a process alive.
 * Env: PUSH_ENDPOINT (at a local push service trusted by NODE_EXTRA_CA_CERTS), DATA_DIR.
 */
import { PushSender } from "./notify";
import { browserSubscription } from "./push-service.fixture";
import { vapidKeys } from "./vapid";

const sender = new PushSender(vapidKeys(process.env.DATA_DIR ?? ""), 5000, undefined, { http2: { idleMs: 60_000 } });
const outcome = await sender.send(browserSubscription(process.env.PUSH_ENDPOINT ?? "").record, "{}", "t", 60);
console.log(`${outcome.kind} over ${sender.h2?.opened === 1 ? "HTTP/2" : "HTTP/1.1"}`);
// No sender.close(): the process must still exit on its own.
