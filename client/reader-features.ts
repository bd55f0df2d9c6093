/**
 * What every page does for the reader, online (from AppClient) and on the
 * worker's offline pages (from offline-page.ts) alike: share, save, reading
 * position, «تابع القراءة», the connection indicator, the library's size and
 * offline marks, read marks, the interface face for the next page, the
 * «عاجل» banner's end.
 */
import { wireConnectionStatus } from "./connection-status";
import { loadInterfaceFace } from "./interface-face";
import { refreshLibraryStatus } from "./library-status";
import { markOpenArticleRead } from "./read-tracking";
import { offerContinueReading, trackReadingPosition } from "./reading-position";
import { wireSaveControls } from "./saved-articles";
import { wireShareControls } from "./share";
import { keepUrgentBannerCurrent } from "./urgent-banner";

/** Starts them all; IndexedDB failures (private mode, blocked storage) cost a feature, never the page. */
export function startReaderFeatures(doc: Document): void {
  wireShareControls(doc);
  wireConnectionStatus(doc);
  loadInterfaceFace(doc);
  const quietly = (work: Promise<void>) => void work.catch(() => undefined);
  quietly(refreshLibraryStatus(doc));
  quietly(wireSaveControls(doc));
  quietly(trackReadingPosition(doc));
  quietly(offerContinueReading(doc));
  quietly(markOpenArticleRead(doc));
  keepUrgentBannerCurrent(doc);
}
