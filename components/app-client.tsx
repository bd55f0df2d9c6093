"use client";

import { useEffect } from "react";
import { wireInstallPrompt } from "@/client/install-prompt";
import { startReaderFeatures } from "@/client/reader-features";
import { startServiceWorker } from "@/client/sw-registration";
import { fillUrgentSlot } from "@/client/urgent-banner";

/** The page's one client entry: the service worker, the reader's features and the install offer. Renders nothing. */
export function AppClient() {
  useEffect(() => {
    startReaderFeatures(document);
    // Only library pages (search, saved, settings) have a slot; IndexedDB failing costs the banner, not the page.
    void fillUrgentSlot(document).catch(() => undefined);
    startServiceWorker(document);
    return wireInstallPrompt(document);
  }, []);
  return null;
}
