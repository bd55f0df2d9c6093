/** Storage sizes in Arabic words with Western digits: «3.2 ميغابايت». */

const UNITS = [
  ["gigabyte", 1024 ** 3],
  ["megabyte", 1024 ** 2],
  ["kilobyte", 1024],
] as const;

/** Formats a byte count for the reader. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`not a size: ${bytes}`);
  const [unit, size] = UNITS.find(([, s]) => bytes >= s) ?? UNITS[2];
  return new Intl.NumberFormat("ar-u-nu-latn", { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }).format(
    bytes / size,
  );
}
