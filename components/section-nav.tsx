import { sectionPath } from "@/lib/sections";
import { getStore } from "@/lib/store/open-store";

/** Sections the header names at most; past that the newsroom has more sections than a bar can hold. */
const NAV_SECTIONS = 20;

const byArabicName = new Intl.Collator("ar");

/**
 * The header's sections, those with a live article, in Arabic alphabetical
 * order; nothing while there are none. A server component: one skip scan of
 * the sections index (ArticleStore.sections) per render, and pages are
 * rendered once per change of the store (lib/render-cache).
 */
export async function SectionNav() {
  let names: string[];
  try {
    names = (await (await getStore()).sections(NAV_SECTIONS)).map((s) => s.name).sort(byArabicName.compare);
  } catch {
    // A store that cannot be read costs the header its sections, not the page.
    return null;
  }
  if (names.length === 0) return null;
  return (
    <nav aria-label="الأقسام" className="mx-auto max-w-3xl px-4">
      <ul className="-mx-1 flex gap-1 overflow-x-auto text-sm font-bold whitespace-nowrap">
        {names.map((name) => (
          <li key={name}>
            <a href={sectionPath(name)} className="inline-flex min-h-11 items-center rounded-full px-3 hover:bg-rule">
              {name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
