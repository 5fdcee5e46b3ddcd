module.exports = { testDir: "pw", reporter: [["line"], ["buildkite-test-collector/playwright/reporter"]] };
