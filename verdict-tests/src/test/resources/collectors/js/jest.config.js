module.exports = {
  roots: ["<rootDir>/jest"],
  testLocationInResults: true,
  reporters: ["default", "buildkite-test-collector/jest/reporter"],
};
