/**
 * Short notices at the foot of the screen: new articles, an app update.
 * Built from DOM nodes (never HTML strings) inside the layout's [data-toasts] region.
 */

export interface ToastAction {
  label: string;
  /** A link, or a handler for a button. */
  href?: string;
  onClick?: () => void;
  primary?: boolean;
}

export interface ToastContent {
  /** Identifies the toast, so a newer one replaces it. */
  id: string;
  message: string;
  links?: { label: string; href: string }[];
  actions: ToastAction[];
}

const BUTTON = "min-h-11 rounded-full px-4 py-2 text-sm font-bold";

/** Shows (or replaces) a toast; returns a function that removes it. */
export function showToast(doc: Document, content: ToastContent): () => void {
  const region = doc.querySelector<HTMLElement>("[data-toasts]");
  if (!region) return () => undefined;
  region.querySelector(`[data-toast="${content.id}"]`)?.remove();
  const toast = doc.createElement("div");
  toast.dataset.toast = content.id;
  toast.setAttribute("role", "status");
  toast.className = "pointer-events-auto mx-auto mbe-3 max-w-md rounded-2xl bg-ink p-4 text-paper shadow-lg";
  const message = doc.createElement("p");
  message.className = "font-bold";
  message.textContent = content.message;
  toast.append(message);
  if (content.links?.length) {
    const list = doc.createElement("ul");
    list.className = "mbs-2 space-y-1 text-sm";
    for (const link of content.links) {
      const item = doc.createElement("li");
      const a = doc.createElement("a");
      a.href = link.href;
      a.textContent = link.label;
      a.className = "underline underline-offset-4";
      item.append(a);
      list.append(item);
    }
    toast.append(list);
  }
  const remove = () => toast.remove();
  const actions = doc.createElement("div");
  actions.className = "mbs-3 flex flex-wrap justify-end gap-2";
  for (const action of content.actions) {
    const style = `${BUTTON} ${action.primary ? "bg-paper text-ink" : "border border-paper/40 text-paper"}`;
    if (action.href) {
      const a = doc.createElement("a");
      a.href = action.href;
      a.textContent = action.label;
      a.className = `${style} inline-flex items-center`;
      actions.append(a);
    } else {
      const button = doc.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.className = style;
      button.addEventListener("click", () => {
        remove();
        action.onClick?.();
      });
      actions.append(button);
    }
  }
  toast.append(actions);
  region.append(toast);
  return remove;
}
