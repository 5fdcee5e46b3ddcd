const BuildkiteReporter = require("buildkite-test-collector/jasmine/reporter");
jasmine.getEnv().addReporter(new BuildkiteReporter());
