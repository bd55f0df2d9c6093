/**
 * The only script on pages the server sends without Next's runtime (article
 * pages, see proxy.ts), built to /page.js: what AppClient does on the other
 * pages, without React.
 */
import { wireInstallPrompt } from "./install-prompt";
import { startReaderFeatures } from "./reader-features";
import { startServiceWorker } from "./sw-registration";

startReaderFeatures(document);
startServiceWorker(document);
wireInstallPrompt(document);
