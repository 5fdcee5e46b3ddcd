const assert = require("assert");
describe("calc", () => {
  it("adds", () => assert.equal(1 + 1, 2));
  it("is deliberately wrong", () => assert.equal(1 + 1, 3));
  it.skip("is skipped", () => {});
});
