import type { Metadata } from "next";
import { UrgentSlot } from "@/components/urgent-slot";
import { articlesCount } from "@/lib/arabic/plural";
import { SETTINGS_SCRIPT_URL } from "@/lib/page-shell";
import { TEXT_SIZE_LABELS, TEXT_SIZES, THEME_LABELS, THEMES } from "@/lib/reader-prefs";
import type { ImagesOffline } from "@/client/library/schema";
import { LIBRARY_LIMITS } from "@/lib/sync/evict";

export const metadata: Metadata = { title: "الإعدادات" };

const IMAGES_OFFLINE_CHOICES: readonly ImagesOffline[] = ["always", "wifi", "never"];
const IMAGES_OFFLINE_LABELS: Record<ImagesOffline, string> = { always: "دائمًا", wifi: "على شبكة Wi‑Fi فقط", never: "أبدًا" };
const CARD = "mbs-6 rounded-xl border border-rule p-4";
const BUTTON = "min-h-11 rounded-full border border-rule px-5 py-2 font-bold hover:bg-rule";

/** One choice among a few, as a row of labelled radio buttons; the page's script checks the current one. */
function Choices(props: { legend: string; name: string; options: readonly (string | number)[]; labels: Record<string, string>; hidden?: boolean }) {
  return (
    <fieldset className="mbs-4" data-choices={props.name} hidden={props.hidden}>
      <legend className="font-bold">{props.legend}</legend>
      <div className="mbs-2 flex flex-wrap gap-2">
        {props.options.map((option) => (
          <label key={option} className="inline-flex min-h-11 items-center gap-2 rounded-full border border-rule px-4">
            <input type="radio" name={props.name} value={option} />
            {props.labels[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

// Static on purpose, like /search and /saved: the worker precaches it whole and
// serves it offline, and everything it shows lives on the phone. No React on
// the client: client/settings-view.ts reads the figures and wires the controls.
// At least a screen tall, like /search: the library's controls and figures
// appearing fill room already there instead of pushing the footer.
export default function SettingsPage() {
  return (
    <section className="min-h-dvh pbs-6" aria-labelledby="settings-heading" data-settings>
      <UrgentSlot />
      <h1 id="settings-heading" className="text-2xl font-bold">
        الإعدادات
      </h1>
      <section className={CARD} aria-labelledby="reading-heading">
        <h2 id="reading-heading" className="text-lg font-bold">
          القراءة
        </h2>
        <Choices legend="المظهر" name="theme" options={THEMES} labels={THEME_LABELS} />
        <Choices legend="حجم النص" name="text-size" options={TEXT_SIZES} labels={TEXT_SIZE_LABELS} />
        <div className="article-body mbs-4 rounded-lg bg-rule/40 p-3" data-text-preview>
          <p>هكذا يبدو نص المقالات بالحجم الذي اخترته.</p>
        </div>
      </section>

      <section className={CARD} aria-labelledby="storage-heading">
        <h2 id="storage-heading" className="text-lg font-bold">
          القراءة دون اتصال
        </h2>
        <p className="mbs-2" data-library-stats>
          جارٍ قراءة ما على هاتفك…
        </p>
        <p className="mbs-1" data-image-stats hidden />
        <Choices legend="الصور دون اتصال" name="images-offline" options={IMAGES_OFFLINE_CHOICES} labels={IMAGES_OFFLINE_LABELS} hidden />
        <p className="mbs-1 text-muted" data-storage-usage hidden />
        <p className="mbs-1 text-muted" data-storage-persisted hidden />
        <button type="button" className={`${BUTTON} mbs-3`} data-persist hidden>
          اطلب تخزينًا دائمًا
        </button>
        <label className="mbs-4 block" data-library-limit hidden>
          <span className="font-bold">عدد المقالات التي تبقى على الهاتف (غير المحفوظة)</span>
          <select className="mbs-2 block min-h-11 rounded-lg border border-rule bg-paper px-3">
            {LIBRARY_LIMITS.map((limit) => (
              <option key={limit} value={limit}>
                آخر {articlesCount(limit)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={`${BUTTON} mbs-4`} data-clear-library hidden>
          امسح المقالات المخزّنة (تبقى المحفوظة)
        </button>
        <p role="status" className="mbs-3 font-bold" data-settings-status />
      </section>
      {/* Kept when the page is sent without Next's runtime (lib/page-shell.ts). */}
      <script src={SETTINGS_SCRIPT_URL} defer data-page-script />
    </section>
  );
}
