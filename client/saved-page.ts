/**
 * The saved page's own script, built to /saved.js and loaded by the page
 * itself (app/saved/page.tsx), whether it is sent with Next's runtime or
 * without it: the reader's features come from /page.js or AppClient.
 */
import { startSavedPage } from "./saved-view";

void startSavedPage(document);
