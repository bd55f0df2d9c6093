import { describe, expect, it } from "vitest";
import { sectionFeedPath, sectionFromParam, sectionFromSegment, sectionPath } from "./sections";

describe("section addresses", () => {
  it("round-trips an Arabic name through its path, whatever characters it holds", () => {
    for (const name of ["اقتصاد", "شؤون محلية", "ثقافة/فنون", "رياضة ? و# عالم", "100% مقال تجريبي"]) {
      const path = sectionPath(name);
      expect(path).toMatch(/^\/sections\/[^/?#]+$/);
      expect(sectionFromSegment(path.slice("/sections/".length))).toBe(name);
    }
    expect(sectionPath("اقتصاد", 3)).toBe("/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF?page=3");
    expect(sectionPath("اقتصاد", 1)).toBe("/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF");
    expect(sectionFeedPath("اقتصاد", "atom")).toBe("/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/atom.xml");
  });

  it("refuses segments no published section can have", () => {
    expect(sectionFromSegment("%E0%A4%A")).toBeUndefined();
    expect(sectionFromSegment("")).toBeUndefined();
    expect(sectionFromSegment("%20%D8%A7")).toBeUndefined();
    expect(sectionFromSegment("%D8%A7%0A")).toBeUndefined();
    expect(sectionFromSegment(encodeURIComponent("ا".repeat(61)))).toBeUndefined();
    expect(sectionFromSegment(encodeURIComponent("ا".repeat(60)))).toBe("ا".repeat(60));
  });
});

describe("section route parameters", () => {
  it("reads a name given encoded (as pages get it) or decoded (as metadata and route handlers do)", () => {
    for (const name of ["اقتصاد", "ثقافة/فنون", "نسبة 100% كاملة", "abc", "news & views"]) {
      expect(sectionFromParam(encodeURIComponent(name)), name).toBe(name);
      expect(sectionFromParam(name), name).toBe(name);
    }
    expect(sectionFromParam("%E0%A4%A")).toBeUndefined();
    expect(sectionFromParam(" اقتصاد")).toBeUndefined();
  });
});
