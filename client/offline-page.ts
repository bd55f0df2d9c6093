/**
 * The only script on pages the service worker renders from the library
 * (built to /offline-page.js): the same reader features as online pages.
 */
import { startReaderFeatures } from "./reader-features";

startReaderFeatures(document);
