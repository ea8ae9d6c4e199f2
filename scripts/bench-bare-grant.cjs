// A bare Node script that makes the calls of the provider's first Create with the same packages,
// the way a user's own script would: cloud metadata, sign-in, grant, and the SDK's own polling.
// `npm run bench` runs it in a fresh process and compares the provider's first Create with it.
// Usage: node scripts/bench-bare-grant.cjs <public|modular> <disk restore point id>
// `public` loads @azure/arm-compute's package entry; `modular` only its disk restore point
// operations, as the provider does. Prints the milliseconds from the first Azure require to the SAS.
"use strict";
// The provider plugin process has @pulumi/pulumi loaded before its first Create, and with it
// modules the Azure SDK shares: so does this script, before it starts timing.
require("@pulumi/pulumi");
const started = performance.now();
const { ClientSecretCredential } = require("@azure/identity");
const {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
} = require("@azure/core-rest-pipeline");

const [entry, id] = process.argv.slice(2);
const env = process.env;
const userAgentOptions = {
  userAgentPrefix: `pulumi-azure-disk-sas/${require("../package.json").version}`,
};

/** The disk restore point operations, from the package entry or from the modular functions. */
function diskRestorePoints(credential, subscriptionId, options) {
  if (entry === "public") {
    const { ComputeManagementClient } = require("@azure/arm-compute");
    return new ComputeManagementClient(credential, subscriptionId, options).diskRestorePoint;
  }
  const { createComputeManagement } = require("@azure/arm-compute/api");
  const operations = require(
    require("node:path").join(
      require("node:path").dirname(require.resolve("@azure/arm-compute/package.json")),
      "dist/commonjs/api/diskRestorePoint/index.js",
    ),
  );
  const context = createComputeManagement(credential, subscriptionId, options);
  return { grantAccess: (...args) => operations.grantAccess(context, ...args) };
}

async function main() {
  const pipeline = createPipelineFromOptions({ userAgentOptions });
  const answer = await pipeline.sendRequest(
    createDefaultHttpClient(),
    createPipelineRequest({
      url: `https://${env.ARM_METADATA_HOSTNAME}/metadata/endpoints?api-version=2022-09-01`,
      headers: createHttpHeaders({ accept: "application/json" }),
    }),
  );
  const cloud = JSON.parse(answer.bodyAsText);
  const credential = new ClientSecretCredential(
    env.ARM_TENANT_ID,
    env.ARM_CLIENT_ID,
    env.ARM_CLIENT_SECRET,
    {
      authorityHost: cloud.authentication.loginEndpoint,
      disableInstanceDiscovery: true,
      userAgentOptions,
    },
  );
  const [, subscriptionId, resourceGroup, collection, restorePoint, disk] =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/restorePointCollections\/([^/]+)\/restorePoints\/([^/]+)\/diskRestorePoints\/([^/]+)$/i.exec(
      id,
    );
  const operations = diskRestorePoints(credential, subscriptionId, {
    endpoint: cloud.resourceManager.replace(/\/$/, ""),
    credentials: { scopes: [`${cloud.authentication.audiences[0]}/.default`] },
    userAgentOptions,
  });
  const sas = await operations.grantAccess(resourceGroup, collection, restorePoint, disk, {
    access: "Read",
    durationInSeconds: 600,
  });
  if (!sas.accessSAS) {
    throw new Error("no SAS");
  }
  console.log(JSON.stringify({ ms: Math.round(performance.now() - started) }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
