import { describe, expect, it } from "vitest";
import { formatArabicDate, formatArabicDateTime, isoDate } from "./date";

const DAMASCUS = "Asia/Damascus";

describe("formatArabicDate", () => {
  it("prints day without a leading zero, Levantine month and year", () => {
    expect(formatArabicDate("2024-12-08T12:00:00+03:00", DAMASCUS)).toBe("8 كانون الأول 2024");
  });

  it("uses the calendar day of the given zone, not UTC or the host", () => {
    // 22:30 UTC on the 7th is 01:30 on the 8th in Damascus (UTC+3).
    expect(formatArabicDate("2024-12-07T22:30:00Z", DAMASCUS)).toBe("8 كانون الأول 2024");
    expect(formatArabicDate("2024-12-07T22:30:00Z", "UTC")).toBe("7 كانون الأول 2024");
    expect(formatArabicDate("2024-12-08T01:30:00+03:00", "America/New_York")).toBe("7 كانون الأول 2024");
  });

  it.each([
    [1, "كانون الثاني"],
    [2, "شباط"],
    [3, "آذار"],
    [4, "نيسان"],
    [5, "أيار"],
    [6, "حزيران"],
    [7, "تموز"],
    [8, "آب"],
    [9, "أيلول"],
    [10, "تشرين الأول"],
    [11, "تشرين الثاني"],
    [12, "كانون الأول"],
  ])("month %i is %s", (month, name) => {
    const iso = `2024-${String(month).padStart(2, "0")}-15T12:00:00Z`;
    expect(formatArabicDate(iso, DAMASCUS)).toBe(`15 ${name} 2024`);
  });

  it("rolls over the year at midnight in the zone", () => {
    expect(formatArabicDate("2024-12-31T21:30:00Z", DAMASCUS)).toBe("1 كانون الثاني 2025");
  });

  it.each([
    "",
    "not a date",
    "2024-13-01T00:00:00Z",
    "2024-02-30T12:00:00Z",
    "2024-12-08T12:00:00", // no offset: would depend on the host zone
    "8 December 2024",
  ])("throws a clear error on %j", (bad) => {
    expect(() => formatArabicDate(bad, DAMASCUS)).toThrow(/Invalid date/);
  });

  it("accepts a leap day", () => {
    expect(formatArabicDate("2024-02-29T12:00:00Z", DAMASCUS)).toBe("29 شباط 2024");
  });
});

describe("formatArabicDateTime", () => {
  it("appends the 24-hour time in the zone after an Arabic comma", () => {
    expect(formatArabicDateTime("2024-12-08T12:00:00+03:00", DAMASCUS)).toBe("8 كانون الأول 2024، 12:00");
  });

  it("pads hours and minutes and shows midnight as 00", () => {
    expect(formatArabicDateTime("2024-12-07T21:05:00Z", DAMASCUS)).toBe("8 كانون الأول 2024، 00:05");
    expect(formatArabicDateTime("2024-06-01T06:07:00Z", DAMASCUS)).toBe("1 حزيران 2024، 09:07");
  });

  it("throws on an invalid date", () => {
    expect(() => formatArabicDateTime("yesterday", DAMASCUS)).toThrow(/Invalid date/);
  });
});

describe("isoDate", () => {
  it("gives the zone's calendar date as YYYY-MM-DD", () => {
    expect(isoDate("2024-12-08T12:00:00+03:00", DAMASCUS)).toBe("2024-12-08");
    expect(isoDate("2024-12-07T22:30:00Z", DAMASCUS)).toBe("2024-12-08");
    expect(isoDate("2024-03-05T10:00:00Z", DAMASCUS)).toBe("2024-03-05");
  });

  it("throws on an invalid date", () => {
    expect(() => isoDate("2024-12-08", DAMASCUS)).toThrow(/Invalid date/);
  });
});
