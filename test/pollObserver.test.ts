import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { pollObserverPolicy, type PollObservation } from "../src/azure/pollObserver";

const base =
  "https://management.azure.com/subscriptions/6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10/providers/Microsoft.Compute";

/** Sends one GET through the policy, answered with `status`, `body` and a request id. */
async function answer(
  observation: PollObservation,
  url: string,
  status: number,
  body = "{}",
): Promise<void> {
  const request = createPipelineRequest({ url, method: "GET" });
  await pollObserverPolicy(observation).sendRequest(
    request,
    async () =>
      ({
        request,
        status,
        headers: createHttpHeaders({ "x-ms-request-id": `id-${status}` }),
        bodyAsText: body,
      }) satisfies PipelineResponse,
  );
}

describe("the poll observer", () => {
  it("counts throttled status polls and records a failure, under either status path", async () => {
    const observation: PollObservation = { throttledPolls: 0 };
    await answer(observation, `${base}/locations/westeurope/DiskOperations/1?api-version=x`, 429);
    await answer(observation, `${base}/locations/westeurope/operations/2?monitor=true`, 429);
    await answer(
      observation,
      `${base}/locations/westeurope/DiskOperations/1`,
      200,
      '{"status":"Failed","error":{"code":"InternalDiskManagementError","message":"boom"}}',
    );
    assert.equal(observation.throttledPolls, 2);
    assert.equal(observation.requestId, "id-200");
    assert.deepEqual(observation.failure, {
      status: "Failed",
      code: "InternalDiskManagementError",
      message: "boom",
    });
  });

  it("leaves out reads of the disk beside the operation, whatever the disk is called", async () => {
    const observation: PollObservation = { throttledPolls: 0 };
    const disk = `${base.replace("/providers", "/resourceGroups/rg/providers")}/disks/operations-data`;
    await answer(observation, disk, 429);
    await answer(observation, disk, 200, '{"status":"Failed"}');
    assert.deepEqual(observation, { throttledPolls: 0 });
  });
});
