import { site } from "@/lib/site";

const STEP = "flex items-center gap-3";
const STEP_ICON = "grid size-10 shrink-0 place-items-center rounded-lg border border-rule bg-paper text-brand";

/** The iOS Share icon: a box with an arrow leaving it upwards. */
function ShareIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M8.5 9.5H7a2 2 0 0 0-2 2V19a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-7.5a2 2 0 0 0-2-2h-1.5" />
      <path d="M12 14.5V2.5M8.5 6 12 2.5 15.5 6" />
    </svg>
  );
}

/** iOS's «إضافة إلى الشاشة الرئيسية» icon: a plus in a rounded square. */
function AddToHomeIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <rect x="3.5" y="3.5" width="17" height="17" rx="4" />
      <path d="M12 8v8M8 12h8" />
    </svg>
  );
}

/**
 * The footer's offer to install the app, server-rendered hidden:
 * client/install-prompt.ts reveals the button or the iPhone steps when there is something to offer.
 */
export function InstallOffer() {
  return (
    <div data-install hidden className="rounded-xl border border-rule p-4 text-ink">
      <p className="font-bold">أضف {site.shortName} إلى شاشتك الرئيسية</p>
      <p className="mbs-1 text-muted">يفتح كتطبيق بشاشة كاملة على آخر الأخبار، ويعمل من دون اتصال.</p>
      <ol data-install-ios hidden className="mbs-3 space-y-2">
        <li className={STEP}>
          <span className={STEP_ICON}>
            <ShareIcon />
          </span>
          <span>اضغط زر المشاركة في Safari</span>
        </li>
        <li className={STEP}>
          <span className={STEP_ICON}>
            <AddToHomeIcon />
          </span>
          <span>ثم اختر «إضافة إلى الشاشة الرئيسية»</span>
        </li>
      </ol>
      <div className="mbs-3 flex flex-wrap gap-2">
        <button type="button" data-install-accept hidden className="min-h-11 rounded-full bg-brand px-5 py-2 font-bold text-brand-ink">
          ثبّت التطبيق على هاتفك
        </button>
        <button type="button" data-install-dismiss className="min-h-11 rounded-full border border-rule px-5 py-2">
          ليس الآن
        </button>
      </div>
    </div>
  );
}
