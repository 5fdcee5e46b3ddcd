const add = (a, b) => a + b;

describe("calc", () => {
  test("adds", () => {
    expect(add(2, 2)).toBe(4);
  });

  test("is deliberately wrong", () => {
    expect(add(2, 2)).toBe(5);
  });

  describe("nested", () => {
    test("still adds", () => {
      expect(add(1, 1)).toBe(2);
    });
  });

  test.skip("is skipped", () => {});
  test.todo("is to do");
});
