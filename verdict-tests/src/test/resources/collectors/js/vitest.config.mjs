import { defineConfig } from "vitest/config";
export default defineConfig({ test: { include: ["vitest/**/*.test.js"], includeTaskLocation: true,
  reporters: ["default", "buildkite-test-collector/vitest/reporter"] } });
