import { packageVersion } from "../packageInfo";

/**
 * What every request to Azure Resource Manager and Entra ID carries ahead of the SDK's own user
 * agent, so that Azure's activity log and support can tell this package's calls apart.
 */
export const userAgentPrefix = `pulumi-azure-disk-sas/${packageVersion}`;
