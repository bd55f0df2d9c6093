import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const STORE = "0123456789abcdef0123456789abcdef";
const legacy = (text: string) => btoa(text).replace(/=+$/, "");

describe("feed cursor", () => {
  it.each([0, 1, 42, 123456789, Number.MAX_SAFE_INTEGER])("round-trips %i with the store's identity", (seq) => {
    const cursor = encodeCursor(STORE, seq);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ store: STORE, seq });
  });

  it("reads a cursor from before stores had an identity as one without a store", () => {
    expect(decodeCursor(legacy("c1.42"))).toEqual({ store: undefined, seq: 42 });
  });

  it("refuses to encode an identity that is not one", () => {
    expect(() => encodeCursor("Not An Id", 1)).toThrow();
  });

  it.each([
    "",
    "abc",
    "12",
    "!!!",
    legacy("c1.-1"),
    legacy("c1.01"),
    legacy("c2.42"),
    legacy(`c2.${STORE}`),
    legacy(`c2.${STORE}.5.6`),
    legacy(`c2.${STORE}.-5`),
    legacy("c2.SHOUT1234.5"),
    legacy("c2.short.5"),
    encodeCursor(STORE, 5) + "x",
    "Yz Eu",
    "a".repeat(121),
  ])("rejects %j", (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
