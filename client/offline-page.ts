/**
 * The only script on pages the service worker renders from the library
 * (built to /offline-page.js): the share control, the connection indicator,
 * and marking the open article read.
 */
import { wireConnectionStatus } from "./connection-status";
import { markOpenArticleRead } from "./read-tracking";
import { wireShareControls } from "./share";

wireShareControls(document);
wireConnectionStatus(document);
void markOpenArticleRead(document).catch(() => undefined);
