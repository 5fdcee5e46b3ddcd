import { describe, test, expect } from "vitest";
describe("calc", () => {
  test("adds", () => expect(1 + 1).toBe(2));
  test("is deliberately wrong", () => expect(1 + 1).toBe(3));
  test.skip("is skipped", () => {});
  test.todo("is to do");
});
