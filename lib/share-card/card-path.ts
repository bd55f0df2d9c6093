/**
 * Share cards as URLs: `/cards/<article id>-<revision>-<look>.png` for an
 * article, `/cards/site-<look>.png` for the home page. The look is a hash of
 * what the card shows besides the headline (site name, description, design
 * version), so a URL's bytes never change and can be cached for a year.
 * Pure: no Node, no DOM.
 */

export const CARD_TYPE = "image/png";
/** The size the big platforms show large (Open Graph's 1.91:1). */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** Bump when the drawing changes: it is part of every card's URL, so no reader keeps an old look. */
export const CARD_DESIGN = 1;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CARD_FILE = new RegExp(`^(?:(${UUID})-([1-9][0-9]{0,8})|site)-([0-9a-f]{12})\\.png$`);

export type CardName =
  | { kind: "article"; id: string; revision: number; look: string }
  | { kind: "site"; look: string };

/** Reads a card's file name, or undefined for anything that is not one (checked before any disk or store access). */
export function parseCardFile(file: string): CardName | undefined {
  const match = CARD_FILE.exec(file);
  if (!match) return undefined;
  const [, id, revision, look] = match;
  if (id === undefined) return { kind: "site", look: look! };
  return { kind: "article", id, revision: Number(revision), look: look! };
}

/** The file name of a card, which is also its name on disk. */
export function cardFile(card: CardName): string {
  return card.kind === "site" ? `site-${card.look}.png` : `${card.id}-${card.revision}-${card.look}.png`;
}

export function cardPath(card: CardName): string {
  return `/cards/${cardFile(card)}`;
}
