/**
 * The offer to put the app on the home screen, in the footer's [data-install]
 * box: the browser's own install dialog where it fires `beforeinstallprompt`,
 * the Share → «إضافة إلى الشاشة الرئيسية» steps on iPhone Safari (which has no
 * prompt), and nothing once the app runs installed. No nagging: it appears on
 * one page per visit (tab session) at most, and «ليس الآن» keeps it quiet for
 * QUIET_MS.
 */

/** localStorage: when the reader last said «ليس الآن». */
const DISMISSED_KEY = "akhbar:install-dismissed";
/** sessionStorage: a page of this visit has already made the offer. */
const OFFERED_KEY = "akhbar:install-offered";
const EARLY_EVENT = "__akhbarInstallPrompt";
const QUIET_MS = 30 * 24 * 60 * 60 * 1000;
const INSTALLED_QUERY = "(display-mode: standalone), (display-mode: fullscreen), (display-mode: minimal-ui)";

/** Chromium's event; not in TypeScript's DOM library. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
  readonly userChoice: Promise<{ outcome: "accepted" | "dismissed"; platform?: string }>;
}

/**
 * Inline in the layout, ahead of the page's bundles: Chromium may fire
 * `beforeinstallprompt` once, right after load and before hydration wires
 * this module, so the event is kept for it.
 */
export const EARLY_CAPTURE_SCRIPT = `addEventListener("beforeinstallprompt",function(e){e.preventDefault();window.${EARLY_EVENT}=e})`;

/**
 * iPhone or iPad Safari: installs only from its Share menu. iPadOS asks for the
 * desktop site with a Mac user agent, told apart by its touch screen; Chrome,
 * Firefox, Edge, Opera and in-app browsers on iOS say who they are.
 */
export function isIosSafari(userAgent: string, maxTouchPoints: number): boolean {
  const ios = /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  return ios && /Version\/[\d.]+.*Safari\//.test(userAgent) && !/CriOS|FxiOS|EdgiOS|OPiOS|OPT\/|GSA\/|FBAN|FBAV|Instagram|Line\//.test(userAgent);
}

/** True while a «ليس الآن» stored at `stored` (epoch ms as text) still holds at `now`. */
export function dismissedRecently(stored: string | null, now: number): boolean {
  const at = Number(stored);
  return stored !== null && Number.isFinite(at) && now - at >= 0 && now - at < QUIET_MS;
}

// Storage can be unavailable (disabled, or full): then nothing is remembered, and nothing breaks.
function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function write(storage: () => Storage, key: string, value: string): void {
  try {
    storage().setItem(key, value);
  } catch {
    // See read().
  }
}

/** Wires the [data-install] box; returns the function that detaches it. */
export function wireInstallPrompt(doc: Document): () => void {
  const win = doc.defaultView;
  const box = doc.querySelector<HTMLElement>("[data-install]");
  const accept = box?.querySelector<HTMLButtonElement>("[data-install-accept]");
  const iosSteps = box?.querySelector<HTMLElement>("[data-install-ios]");
  const dismiss = box?.querySelector<HTMLButtonElement>("[data-install-dismiss]");
  if (!win || !box || !accept || !iosSteps || !dismiss) return () => undefined;

  const nav = win.navigator as Navigator & { standalone?: boolean };
  const early = win as Window & { [EARLY_EVENT]?: Event };
  const local = () => win.localStorage;
  const session = () => win.sessionStorage;
  const installed = win.matchMedia(INSTALLED_QUERY);
  const offeredEarlierThisVisit = read(session, OFFERED_KEY) !== null;
  const quiet = () =>
    offeredEarlierThisVisit || installed.matches || nav.standalone === true || dismissedRecently(read(local, DISMISSED_KEY), Date.now());
  const rememberDismissal = () => write(local, DISMISSED_KEY, String(Date.now()));
  let deferred: BeforeInstallPromptEvent | undefined;
  let offeredHere = false;

  const hide = () => {
    box.hidden = true;
  };
  const offer = (kind: "prompt" | "ios") => {
    accept.hidden = kind !== "prompt";
    iosSteps.hidden = kind !== "ios";
    box.hidden = false;
    offeredHere = true;
    write(session, OFFERED_KEY, "1");
  };

  const onBeforeInstallPrompt = (event: Event) => {
    // Our offer in the footer replaces the browser's mini-infobar, which would cover the article.
    event.preventDefault();
    deferred = event as BeforeInstallPromptEvent;
    if (!quiet()) offer("prompt");
  };
  const onAccept = () => {
    // An event's prompt() shows the dialog once; the browser fires a new event when it may ask again.
    const event = deferred;
    deferred = undefined;
    hide();
    if (!event) return;
    (async () => {
      await event.prompt();
      if ((await event.userChoice).outcome === "dismissed") rememberDismissal();
    })().catch(() => {
      // The browser refused to show it (already shown, or no longer installable): nothing to tell the reader.
    });
  };
  const onDismiss = () => {
    rememberDismissal();
    hide();
  };
  const onInstalled = () => {
    deferred = undefined;
    hide();
  };
  const onDisplayModeChange = () => {
    if (installed.matches) hide();
  };

  win.addEventListener("beforeinstallprompt", onBeforeInstallPrompt);
  win.addEventListener("appinstalled", onInstalled);
  installed.addEventListener("change", onDisplayModeChange);
  accept.addEventListener("click", onAccept);
  dismiss.addEventListener("click", onDismiss);
  const missed = early[EARLY_EVENT];
  if (missed) onBeforeInstallPrompt(missed);
  else if (!quiet() && isIosSafari(nav.userAgent, nav.maxTouchPoints)) offer("ios");

  return () => {
    win.removeEventListener("beforeinstallprompt", onBeforeInstallPrompt);
    win.removeEventListener("appinstalled", onInstalled);
    installed.removeEventListener("change", onDisplayModeChange);
    accept.removeEventListener("click", onAccept);
    dismiss.removeEventListener("click", onDismiss);
    hide();
    // Detached without a page load (React's development double effects): this page view still may offer.
    if (offeredHere) {
      try {
        session().removeItem(OFFERED_KEY);
      } catch {
        // See read().
      }
    }
  };
}
