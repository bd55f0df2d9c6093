"use client";

import { useEffect } from "react";
import { wireConnectionStatus } from "@/client/connection-status";
import { registerServiceWorker } from "@/client/register-sw";

/** The page's one client entry: service worker, library status and connection indicator. Renders nothing. */
export function AppClient() {
  useEffect(() => {
    registerServiceWorker(document);
    return wireConnectionStatus(document);
  }, []);
  return null;
}
