/**
 * The settings page (app/settings/page.tsx): the reader's display preferences
 * and the offline library's space, read from the phone and written back. The
 * server sends every control; this checks the current choices, fills in the
 * figures and shows the library's controls once the library answers. No
 * React: the page is sent without Next's runtime (proxy.ts), and
 * settings-page.ts starts this.
 */
import type { LibraryStats } from "./library-maintenance";
import { clearOfflineArticles, imagesOfflineSetting, libraryStats, setImagesOfflineSetting, setLibraryLimit } from "./library-maintenance";
import type { ImagesOffline } from "./library/schema";
import { onImagesStored, requestSync } from "./sw-bridge";
import { formatBytes } from "@/lib/arabic/bytes";
import { articlesCount, imagesCount } from "@/lib/arabic/plural";
import type { TextSize, Theme } from "@/lib/reader-prefs";
import { setTextSize, setTheme, storedTextSize, storedTheme, subscribePrefs, TEXT_SIZES, THEMES } from "@/lib/reader-prefs";

const IMAGE_CHOICES: readonly ImagesOffline[] = ["always", "wifi", "never"];
const NOT_SAVED = "تعذّر حفظ هذا الإعداد على هاتفك الآن.";

interface StorageState {
  usage?: number;
  quota?: number;
  /** IndexedDB's share (the articles' text and the search index), where the browser tells it. */
  text?: number;
  persisted?: boolean;
}

async function readStorage(): Promise<StorageState> {
  const estimate = (await navigator.storage?.estimate?.().catch(() => undefined)) as
    | (StorageEstimate & { usageDetails?: { indexedDB?: number } })
    | undefined;
  const persisted = await navigator.storage?.persisted?.().catch(() => undefined);
  return { usage: estimate?.usage, quota: estimate?.quota, text: estimate?.usageDetails?.indexedDB, persisted };
}

/** The radio group `name` within `root`, checked at `value`, calling `onChange` with the value the reader picks. */
function wireChoices<T extends string | number>(root: ParentNode, name: string, options: readonly T[], onChange: (value: T) => void) {
  const inputs = [...root.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${name}"]`)];
  for (const input of inputs) {
    input.addEventListener("change", () => {
      const value = options.find((option) => String(option) === input.value);
      if (input.checked && value !== undefined) onChange(value);
    });
  }
  return (value: T | undefined) => {
    for (const input of inputs) input.checked = value !== undefined && input.value === String(value);
  };
}

function libraryText(stats: LibraryStats | undefined): string {
  if (!stats) return "المكتبة غير متاحة في هذا المتصفح.";
  if (stats.saved === 0) return `على هاتفك ${articlesCount(stats.articles)}، ولم تحفظ منها شيئًا بعد.`;
  return `على هاتفك ${articlesCount(stats.articles)}، منها ${articlesCount(stats.saved)} في المحفوظة.`;
}

function imagesText(stats: LibraryStats, storage: StorageState): string {
  const images =
    stats.images.count === 0 ? "لا صور مخزّنة للقراءة دون اتصال." : `الصور: ${imagesCount(stats.images.count)} تشغل ${formatBytes(stats.images.bytes)}.`;
  return storage.text === undefined ? images : `${images} النصوص: ${formatBytes(storage.text)}.`;
}

export function startSettingsPage(doc: Document): void {
  const root = doc.querySelector<HTMLElement>("[data-settings]");
  if (!root) return;
  const find = <E extends HTMLElement>(selector: string) => root.querySelector<E>(selector);
  const status = find("[data-settings-status]");
  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  // Reading: localStorage, here and in other tabs.
  const showTheme = wireChoices<Theme>(root, "theme", THEMES, setTheme);
  const showSize = wireChoices<TextSize>(root, "text-size", TEXT_SIZES, setTextSize);
  const showPrefs = () => {
    showTheme(storedTheme());
    showSize(storedTextSize());
  };
  showPrefs();
  subscribePrefs(showPrefs);

  // The library: IndexedDB and the browser's storage figures, read again after every change.
  const statsLine = find("[data-library-stats]");
  const imageLine = find("[data-image-stats]");
  const imageChoices = find("[data-choices='images-offline']");
  const usageLine = find("[data-storage-usage]");
  const persistedLine = find("[data-storage-persisted]");
  const persistButton = find<HTMLButtonElement>("[data-persist]");
  const limitLabel = find("[data-library-limit]");
  const limitSelect = limitLabel?.querySelector("select");
  const clearButton = find<HTMLButtonElement>("[data-clear-library]");

  const showImages = wireChoices<ImagesOffline>(root, "images-offline", IMAGE_CHOICES, (choice) => {
    setImagesOfflineSetting(choice).then(
      () => {
        say(choice === "never" ? "لن تُخزَّن الصور، ومُسح ما خُزّن منها." : "ستُخزَّن صور المقالات مع المزامنة التالية.");
        // The worker applies it at its next sync: ask for one now.
        void requestSync();
        void refresh();
      },
      () => say(NOT_SAVED),
    );
  });

  // Only the newest read is shown: answers may arrive out of order.
  let reads = 0;
  const refresh = async () => {
    const read = ++reads;
    const [stats, storage, images] = await Promise.all([
      libraryStats().catch(() => undefined),
      readStorage(),
      imagesOfflineSetting().catch(() => undefined),
    ]);
    if (read !== reads) return;
    if (statsLine) statsLine.textContent = libraryText(stats);
    if (imageLine) {
      imageLine.hidden = !stats;
      imageLine.textContent = stats ? imagesText(stats, storage) : "";
    }
    if (imageChoices) imageChoices.hidden = !stats || !images;
    showImages(images);
    if (usageLine) {
      const known = storage.usage !== undefined && storage.quota !== undefined;
      usageLine.hidden = !known;
      usageLine.textContent = known ? `يستخدم التطبيق ${formatBytes(storage.usage!)} من ${formatBytes(storage.quota!)} متاحة.` : "";
    }
    if (persistedLine) {
      persistedLine.hidden = false;
      persistedLine.textContent = storage.persisted
        ? "التخزين دائم: لن يمسح المتصفح المكتبة حين تضيق المساحة."
        : "قد يمسح المتصفح المكتبة إن ضاقت مساحة الهاتف.";
    }
    if (persistButton) persistButton.hidden = storage.persisted !== false;
    if (limitLabel) limitLabel.hidden = !stats;
    if (limitSelect && stats) limitSelect.value = String(stats.limit);
    if (clearButton) clearButton.hidden = !stats;
  };

  persistButton?.addEventListener("click", () => {
    void navigator.storage
      .persist()
      .catch(() => false)
      .then((granted) => {
        say(granted ? "صار التخزين دائمًا." : "لم يسمح المتصفح بالتخزين الدائم الآن.");
        void refresh();
      });
  });
  limitSelect?.addEventListener("change", () => {
    setLibraryLimit(Number(limitSelect.value)).then(
      () => {
        // The worker evicts at the start of every sync: apply the new limit now.
        void requestSync();
        void refresh();
      },
      () => say(NOT_SAVED),
    );
  });
  clearButton?.addEventListener("click", () => {
    clearOfflineArticles().then(
      (removed) => {
        say(`مُسح ${articlesCount(removed)}، وبقيت المحفوظة.`);
        void refresh();
      },
      () => say("تعذّر مسح المقالات الآن؛ حاول مجددًا."),
    );
  });

  // The worker stores pictures after each sync: the figures follow.
  onImagesStored(() => void refresh());
  void refresh();
}
