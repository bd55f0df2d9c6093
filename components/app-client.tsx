"use client";

import { useEffect } from "react";
import { wireInstallPrompt } from "@/client/install-prompt";
import { startReaderFeatures } from "@/client/reader-features";
import { startServiceWorker } from "@/client/sw-registration";

/** The page's one client entry: the service worker, the reader's features and the install offer. Renders nothing. */
export function AppClient() {
  useEffect(() => {
    startReaderFeatures(document);
    startServiceWorker(document);
    return wireInstallPrompt(document);
  }, []);
  return null;
}
