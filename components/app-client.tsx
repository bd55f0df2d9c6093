"use client";

import { useEffect } from "react";
import { wireConnectionStatus } from "@/client/connection-status";
import { wireInstallPrompt } from "@/client/install-prompt";
import { registerServiceWorker } from "@/client/register-sw";

/** The page's one client entry: service worker, library status, connection indicator and install offer. Renders nothing. */
export function AppClient() {
  useEffect(() => {
    registerServiceWorker(document);
    const detach = [wireConnectionStatus(document), wireInstallPrompt(document)];
    return () => detach.forEach((d) => d());
  }, []);
  return null;
}
