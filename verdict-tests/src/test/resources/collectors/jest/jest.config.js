module.exports = {
  testLocationInResults: true,
  reporters: ["default", "buildkite-test-collector/jest/reporter"],
};
