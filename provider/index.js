// The provider plugin azure-disk-sas as a source plugin (PulumiPlugin.yaml): the Node language
// host runs this folder, which serves the plugin of the installed package.
module.exports = require("pulumi-azure-disk-sas/plugin").serve();
