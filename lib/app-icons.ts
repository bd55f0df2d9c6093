/**
 * The app's icons as the manifest, the page head and the service worker name
 * them. The list lives in assets/icons.json, which scripts/render-icons.mjs
 * renders from assets/icon.svg into public/icons/.
 */
import spec from "@/assets/icons.json" with { type: "json" };

/** What an icon is for; the renderer draws each role its own way. */
export type IconRole = "any" | "maskable" | "apple" | "badge" | "favicon";

export interface AppIcon {
  /** Root-relative URL, e.g. "/icons/icon-192.png". */
  src: string;
  /** Width and height in pixels (icons are square). */
  size: number;
  role: IconRole;
}

const ROLES: readonly IconRole[] = ["any", "maskable", "apple", "badge", "favicon"];
const isRole = (value: string): value is IconRole => (ROLES as readonly string[]).includes(value);

/** Every rendered icon. */
export const appIcons: readonly AppIcon[] = spec.icons.map(({ file, size, role }) => {
  if (!isRole(role)) throw new Error(`assets/icons.json: unknown role "${role}" for ${file}`);
  return { src: `/icons/${file}`, size, role };
});

/** The icons of one role, smallest first. */
export function iconsFor(role: IconRole): AppIcon[] {
  return appIcons.filter((icon) => icon.role === role).sort((a, b) => a.size - b.size);
}

/** The URL of the one icon of a role and size; throws when assets/icons.json lists none. */
export function iconSrc(role: IconRole, size: number): string {
  const icon = appIcons.find((i) => i.role === role && i.size === size);
  if (!icon) throw new Error(`no ${role} icon of ${size} px in assets/icons.json`);
  return icon.src;
}
