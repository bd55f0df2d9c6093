import { describe, expect, it } from "vitest";
import { authorKey, authorPath } from "@/lib/article/model";
import { authorName, authorPagePath, readAuthorSegment } from "./authors";

describe("author keys and paths", () => {
  it("makes one key of every spelling of a name: spaces, tatweel, direction marks, Unicode forms, Latin case", () => {
    const key = "سعاد-الأحمد";
    for (const spelling of ["سعاد الأحمد", " سعاد   الأحمد ", "سعاد الأحـــمد", "سعاد\u200f الأحمد", "سعاد-الأحمد"]) {
      expect(authorKey(spelling)).toBe(key);
    }
    expect(authorKey("Jean-Pierre O'Neil")).toBe("jean-pierre-o'neil");
    // NFD (a decomposed hamza) and NFC are the same name.
    expect(authorKey("أحمد".normalize("NFD"))).toBe(authorKey("أحمد"));
  });

  it("puts the key in the path percent-encoded, and reads it back from the path as sent", () => {
    const path = authorPath("سعاد الأحمد");
    expect(path).toBe(`/authors/${encodeURIComponent("سعاد-الأحمد")}`);
    expect(path).toMatch(/^\/authors\/[A-Za-z0-9%-]+$/);
    const segment = path.slice("/authors/".length);
    expect(readAuthorSegment(segment)).toEqual({ key: "سعاد-الأحمد" });
    // Undecoded, as a server that decodes first hands it over.
    expect(readAuthorSegment("سعاد-الأحمد")).toEqual({ key: "سعاد-الأحمد" });
    expect(authorPagePath("سعاد-الأحمد", 3)).toBe(`${path}?page=3`);
    expect(authorPagePath("سعاد-الأحمد", 1)).toBe(path);
  });

  it("sends other spellings to the canonical key and refuses what no name makes", () => {
    expect(readAuthorSegment(encodeURIComponent("سعاد الأحمد"))).toEqual({ redirect: authorPath("سعاد الأحمد") });
    expect(readAuthorSegment("Jean-Pierre")).toEqual({ redirect: "/authors/jean-pierre" });
    expect(readAuthorSegment("a--b%20")).toEqual({ redirect: "/authors/a-b" });
    for (const bad of ["", "%E0%A4%A", "..%2F..%2Fetc", "%3Cscript%3E", "a%2Fb", "-", "%00", "س".repeat(201)]) {
      expect(readAuthorSegment(bad), bad).toBeUndefined();
    }
  });

  it("names an author as their newest byline spells them", () => {
    expect(authorName("سعاد-الأحمد", [undefined, ["كاتب"], ["سعاد  الأحمد"], ["سعاد الأحمد"]])).toBe("سعاد  الأحمد");
    expect(authorName("لا-أحد", [["كاتب"]])).toBeUndefined();
  });
});
