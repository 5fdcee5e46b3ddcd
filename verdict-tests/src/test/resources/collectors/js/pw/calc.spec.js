const { test, expect } = require("@playwright/test");
test.describe("calc", () => {
  test("adds @team:web", () => expect(1 + 1).toBe(2));
  test("is deliberately wrong", () => expect(1 + 1).toBe(3));
  test.skip("is skipped", () => {});
});
