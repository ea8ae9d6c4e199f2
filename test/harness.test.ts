import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { until } from "./support/until";

describe("the test harness", () => {
  it("a test that fails with its plugin running ends at once, and no plugin outlives it", async () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--test",
        "--test-reporter=tap",
        join(__dirname, "fixtures", "abandoned-plugin", "abandonsPlugin.ts"),
      ],
      // Far below the suite's 300 s timeout, which a plugin holding the process open would reach.
      { encoding: "utf8", timeout: 60_000, env: withoutTestContext() },
    );
    assert.equal(run.signal, null, "the test process ended on its own");
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^# fail 1$/m);
    const pid = Number(/plugin pid (\d+)/.exec(run.stdout)?.[1]);
    assert.ok(pid > 0, run.stdout);
    // Killed as the test process ended; gone once the system has reaped it.
    const gone = () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as { code?: string }).code === "ESRCH";
      }
    };
    const deadline = Date.now() + 10_000;
    await until(() => gone() || Date.now() > deadline);
    assert.ok(gone(), `the plugin process ${pid} is gone`);
  });
});

/** This environment without the test runner's mark, so that the run is a test run of its own. */
function withoutTestContext(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env["NODE_TEST_CONTEXT"];
  return env;
}
