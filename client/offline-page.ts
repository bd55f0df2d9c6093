/**
 * The only script on pages the service worker renders from the library
 * (built to /offline-page.js): the share control and the connection indicator.
 */
import { wireConnectionStatus } from "./connection-status";
import { wireShareControls } from "./share";

wireShareControls(document);
wireConnectionStatus(document);
