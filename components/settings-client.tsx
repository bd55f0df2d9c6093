"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import type { LibraryStats } from "@/client/library-maintenance";
import type { ImagesOffline } from "@/client/library/schema";
import {
  clearOfflineArticles,
  imagesOfflineSetting,
  libraryStats,
  setImagesOfflineSetting,
  setLibraryLimit,
} from "@/client/library-maintenance";
import { onImagesStored, requestSync } from "@/client/sw-bridge";
import { formatBytes } from "@/lib/arabic/bytes";
import { articlesCount, imagesCount } from "@/lib/arabic/plural";
import type { TextSize, Theme } from "@/lib/reader-prefs";
import {
  DEFAULT_TEXT_SIZE,
  setTextSize,
  setTheme,
  storedTextSize,
  storedTheme,
  subscribePrefs,
  TEXT_SIZES,
  THEME_LABELS,
  THEMES,
} from "@/lib/reader-prefs";
import { LIBRARY_LIMITS } from "@/lib/sync/evict";

const SIZE_LABELS: Record<TextSize, string> = { 1: "صغير", 2: "عادي", 3: "كبير", 4: "أكبر", 5: "كبير جدًا" };
const IMAGE_CHOICES: readonly ImagesOffline[] = ["always", "wifi", "never"];
const IMAGE_LABELS: Record<ImagesOffline, string> = { always: "دائمًا", wifi: "على شبكة Wi‑Fi فقط", never: "أبدًا" };
const CARD = "mbs-6 rounded-xl border border-rule p-4";
const BUTTON = "min-h-11 rounded-full border border-rule px-5 py-2 font-bold hover:bg-rule";

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

/** One choice among a few, as a row of labelled radio buttons. */
function Choices<T extends string | number>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="mbs-4">
      <legend className="font-bold">{props.legend}</legend>
      <div className="mbs-2 flex flex-wrap gap-2">
        {props.options.map((option) => (
          <label key={option} className="inline-flex min-h-11 items-center gap-2 rounded-full border border-rule px-4">
            <input
              type="radio"
              name={props.name}
              value={option}
              checked={props.value === option}
              onChange={() => props.onChange(option)}
            />
            {props.labels[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Ask the worker to apply a new limit now (it evicts at the start of every sync). */
function askForSync(): void {
  void requestSync();
}

/** Reading preferences and the offline library's storage. */
export function SettingsClient() {
  const theme = useSyncExternalStore<Theme>(subscribePrefs, storedTheme, () => "system");
  const size = useSyncExternalStore<TextSize>(subscribePrefs, storedTextSize, () => DEFAULT_TEXT_SIZE);
  const [stats, setStats] = useState<LibraryStats>();
  const [images, setImages] = useState<ImagesOffline>();
  const [storage, setStorage] = useState<StorageState>({});
  const [message, setMessage] = useState("");

  // Bumped after every change, so the figures below are read again.
  const [version, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);

  // The worker stores pictures after each sync: the figures follow.
  useEffect(() => onImagesStored(refresh), []);

  useEffect(() => {
    let live = true;
    void Promise.all([libraryStats().catch(() => undefined), readStorage(), imagesOfflineSetting().catch(() => undefined)]).then(
      ([nextStats, nextStorage, nextImages]) => {
        if (!live) return;
        setStats(nextStats);
        setStorage(nextStorage);
        setImages(nextImages);
      },
    );
    return () => {
      live = false;
    };
  }, [version]);

  return (
    <div>
      <section className={CARD} aria-labelledby="reading-heading">
        <h2 id="reading-heading" className="text-lg font-bold">
          القراءة
        </h2>
        <Choices legend="المظهر" name="theme" options={THEMES} labels={THEME_LABELS} value={theme} onChange={setTheme} />
        <Choices legend="حجم النص" name="text-size" options={TEXT_SIZES} labels={SIZE_LABELS} value={size} onChange={setTextSize} />
        <div className="article-body mbs-4 rounded-lg bg-rule/40 p-3" data-text-preview>
          <p>هكذا يبدو نص المقالات بالحجم الذي اخترته.</p>
        </div>
      </section>

      <section className={CARD} aria-labelledby="storage-heading">
        <h2 id="storage-heading" className="text-lg font-bold">
          القراءة دون اتصال
        </h2>
        <p className="mbs-2" data-library-stats>
          {!stats
            ? "المكتبة غير متاحة في هذا المتصفح."
            : stats.saved === 0
              ? `على هاتفك ${articlesCount(stats.articles)}، ولم تحفظ منها شيئًا بعد.`
              : `على هاتفك ${articlesCount(stats.articles)}، منها ${articlesCount(stats.saved)} في المحفوظة.`}
        </p>
        {stats ? (
          <p className="mbs-1" data-image-stats>
            {stats.images.count === 0
              ? "لا صور مخزّنة للقراءة دون اتصال."
              : `الصور: ${imagesCount(stats.images.count)} تشغل ${formatBytes(stats.images.bytes)}.`}
            {storage.text !== undefined ? ` النصوص: ${formatBytes(storage.text)}.` : ""}
          </p>
        ) : null}
        {stats && images ? (
          <Choices
            legend="الصور دون اتصال"
            name="images-offline"
            options={IMAGE_CHOICES}
            labels={IMAGE_LABELS}
            value={images}
            onChange={(choice) => {
              setImages(choice);
              setImagesOfflineSetting(choice).then(
                () => {
                  setMessage(choice === "never" ? "لن تُخزَّن الصور، ومُسح ما خُزّن منها." : "ستُخزَّن صور المقالات مع المزامنة التالية.");
                  askForSync();
                  refresh();
                },
                () => setMessage("تعذّر حفظ هذا الإعداد على هاتفك الآن."),
              );
            }}
          />
        ) : null}
        {storage.usage !== undefined && storage.quota !== undefined ? (
          <p className="mbs-1 text-muted" data-storage-usage>
            يستخدم التطبيق {formatBytes(storage.usage)} من {formatBytes(storage.quota)} متاحة.
          </p>
        ) : null}
        <p className="mbs-1 text-muted" data-storage-persisted>
          {storage.persisted
            ? "التخزين دائم: لن يمسح المتصفح المكتبة حين تضيق المساحة."
            : "قد يمسح المتصفح المكتبة إن ضاقت مساحة الهاتف."}
        </p>
        {storage.persisted === false ? (
          <button
            type="button"
            className={`${BUTTON} mbs-3`}
            onClick={() => {
              void navigator.storage
                .persist()
                .catch(() => false)
                .then((granted) => {
                  setMessage(granted ? "صار التخزين دائمًا." : "لم يسمح المتصفح بالتخزين الدائم الآن.");
                  refresh();
                });
            }}
          >
            اطلب تخزينًا دائمًا
          </button>
        ) : null}
        {stats ? (
          <label className="mbs-4 block">
            <span className="font-bold">عدد المقالات التي تبقى على الهاتف (غير المحفوظة)</span>
            <select
              className="mbs-2 block min-h-11 rounded-lg border border-rule bg-paper px-3"
              value={stats.limit}
              onChange={(event) => {
                setLibraryLimit(Number(event.target.value)).then(
                  () => {
                    askForSync();
                    refresh();
                  },
                  () => setMessage("تعذّر حفظ هذا الإعداد على هاتفك الآن."),
                );
              }}
            >
              {LIBRARY_LIMITS.map((limit) => (
                <option key={limit} value={limit}>
                  آخر {articlesCount(limit)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {stats ? (
          <button
            type="button"
            className={`${BUTTON} mbs-4`}
            onClick={() => {
              clearOfflineArticles().then(
                (removed) => {
                  setMessage(`مُسح ${articlesCount(removed)}، وبقيت المحفوظة.`);
                  refresh();
                },
                () => setMessage("تعذّر مسح المقالات الآن؛ حاول مجددًا."),
              );
            }}
          >
            امسح المقالات المخزّنة (تبقى المحفوظة)
          </button>
        ) : null}
        <p role="status" className="mbs-3 font-bold" data-settings-status>
          {message}
        </p>
      </section>
    </div>
  );
}
