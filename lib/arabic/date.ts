/**
 * Dates as the newspaper prints them: Levantine month names, Western digits,
 * always in an explicit time zone so server, page and service worker agree.
 * Pure: imports nothing from Node or the DOM.
 */

/** Levantine (Syriac-derived) month names, January first. */
const MONTHS = [
  "كانون الثاني",
  "شباط",
  "آذار",
  "نيسان",
  "أيار",
  "حزيران",
  "تموز",
  "آب",
  "أيلول",
  "تشرين الأول",
  "تشرين الثاني",
  "كانون الأول",
] as const;

// An explicit offset is required: without one, Date.parse reads the string in
// the host's zone, and the same article would show different days on
// different machines.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

// Building a DateTimeFormat is costly and a page formats many dates in one zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-US only because its parts are plain numbers; the Arabic text is ours.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      // h23, not hour12:false, which some engines render as "24" at midnight.
      hourCycle: "h23",
      numberingSystem: "latn",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parseInstant(iso: string): Date {
  const match = ISO_INSTANT.exec(iso);
  const time = match ? Date.parse(iso) : Number.NaN;
  if (!match || Number.isNaN(time)) {
    throw new Error(`Invalid date: expected an ISO 8601 instant with an offset, got ${JSON.stringify(iso)}`);
  }
  // Engines roll 2024-02-30 over to 1 March instead of rejecting it.
  const [, year, month, day] = match.map(Number);
  const calendar = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  if (calendar.getUTCMonth() + 1 !== month || calendar.getUTCDate() !== day) {
    throw new Error(`Invalid date: no such calendar day in ${JSON.stringify(iso)}`);
  }
  return new Date(time);
}

function zonedParts(iso: string, timeZone: string): ZonedParts {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(parseInstant(iso))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute } = parts;
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) {
    throw new Error(`Could not read the date parts of ${JSON.stringify(iso)} in ${timeZone}`);
  }
  return { year, month, day, hour, minute };
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

function dayMonthYear({ year, month, day }: ZonedParts): string {
  return `${day} ${MONTHS[month - 1] ?? ""} ${year}`;
}

/** The calendar day of an instant in a zone, e.g. "8 كانون الأول 2024". */
export function formatArabicDate(iso: string, timeZone: string): string {
  return dayMonthYear(zonedParts(iso, timeZone));
}

/** The day and 24-hour time of an instant in a zone, e.g. "8 كانون الأول 2024، 12:00". */
export function formatArabicDateTime(iso: string, timeZone: string): string {
  const parts = zonedParts(iso, timeZone);
  return `${dayMonthYear(parts)}، ${pad2(parts.hour)}:${pad2(parts.minute)}`;
}

/** The calendar day of an instant in a zone as YYYY-MM-DD, for `<time dateTime>`. */
export function isoDate(iso: string, timeZone: string): string {
  const { year, month, day } = zonedParts(iso, timeZone);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}
