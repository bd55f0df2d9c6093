"use client";

import { useEffect } from "react";
import { startReaderFeatures } from "@/client/reader-features";
import { registerServiceWorker } from "@/client/register-sw";

/** The page's one client entry: the service worker and the reader's features. Renders nothing. */
export function AppClient() {
  useEffect(() => {
    startReaderFeatures(document);
    registerServiceWorker(document);
  }, []);
  return null;
}
