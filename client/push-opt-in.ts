/**
 * The reader opts in to notifications from an Arabic control, after a tap:
 * the browser's permission prompt never appears on page load. Declining is
 * remembered and respected.
 */

const DECLINED_KEY = "akhbar:push-declined";
/** Without the vendor's push service (no network, or blocked), subscribe() may never settle. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(value.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

/** The server said no for a reason the reader should hear (too many requests, or no room for more subscribers). */
class Refused extends Error {}

async function subscribe(registration: ServiceWorkerRegistration): Promise<void> {
  const keyResponse = await fetch("/api/push/key");
  if (!keyResponse.ok) throw new Error("no key");
  const { publicKey } = (await keyResponse.json()) as { publicKey: string };
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await withTimeout(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }),
      SUBSCRIBE_TIMEOUT_MS,
    ));
  const saved = await fetch("/api/push/subscriptions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(subscription.toJSON()),
  });
  if (saved.status === 429 || saved.status === 503) {
    const { error } = (await saved.json().catch(() => ({}))) as { error?: unknown };
    if (typeof error === "string" && error) throw new Refused(error);
  }
  if (!saved.ok) throw new Error("not saved");
}

/** Reveals and wires the [data-push-opt-in] control where notifications can be offered. */
export function wirePushOptIn(doc: Document, registration: ServiceWorkerRegistration): void {
  const box = doc.querySelector<HTMLElement>("[data-push-opt-in]");
  if (!box || !("PushManager" in window) || !("Notification" in window)) return;
  if (Notification.permission !== "default" || localStorage.getItem(DECLINED_KEY)) return;
  // One offer at a time: above an install offer already shown, this box would push it down.
  if (doc.querySelector<HTMLElement>("[data-install]")?.hidden === false) return;
  const status = box.querySelector<HTMLElement>("[data-push-status]");
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  box.hidden = false;
  box.querySelector("[data-push-decline]")?.addEventListener("click", () => {
    localStorage.setItem(DECLINED_KEY, String(Date.now()));
    box.hidden = true;
  });
  const accept = async () => {
    const permission = await Notification.requestPermission().catch(() => "denied" as const);
    if (permission !== "granted") {
      localStorage.setItem(DECLINED_KEY, String(Date.now()));
      say("لن نطلب منك ذلك مجددًا.");
      return;
    }
    say("جارٍ التفعيل…");
    try {
      await subscribe(registration);
      say("ستصلك التنبيهات بالأخبار الجديدة.");
      box.querySelector("[data-push-buttons]")?.remove();
    } catch (error) {
      say(error instanceof Refused ? error.message : "تعذّر تفعيل التنبيهات الآن؛ تحقّق من اتصالك وحاول لاحقًا.");
    }
  };
  // accept() settles every outcome itself, with a message for the reader.
  box.querySelector("[data-push-accept]")?.addEventListener("click", () => void accept());
}
