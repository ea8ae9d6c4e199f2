// The provider's create called in a fresh Node process, without the plugin around it: the same
// grant as scripts/bench-bare-grant.cjs, through this package's code. `npm run bench` runs it.
// Usage: node scripts/bench-provider-create.cjs <disk restore point id>
// Prints the milliseconds from loading the provider to the SAS; the grant is revoked again.
"use strict";
// As in the plugin process and the bare script: @pulumi/pulumi is loaded before timing starts.
require("@pulumi/pulumi");
const started = performance.now();
const provider = require("pulumi-azure-disk-sas/provider");

provider
  .create({ diskRestorePointId: process.argv[2], access: "Read", durationInSeconds: 600 })
  .then(async ({ id, outs }) => {
    const ms = Math.round(performance.now() - started);
    await provider.delete(id, outs);
    console.log(JSON.stringify({ ms }));
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
