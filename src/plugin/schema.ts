import { kindOutputs } from "../kinds/kindOutputs";
import type { TargetKind } from "../kinds/targetKind";
import { targetInputNames } from "../kinds/targetPath";
import { settingDefinitions } from "../azure/settings";
import { grantSettingNames } from "../lifecycle/grantInputs";
import { inputNames } from "../lifecycle/properties";
import { grantDocs, outputDocs, targetDocs } from "./propertyDocs";
import { copyResourceSchema } from "./copySchema";
import { accessResources, copyResource, packageName } from "./pluginResources";
import { packageRepository } from "../packageInfo";

/** A property of the schema: its type, description and attributes. */
type PropertySpec = Record<string, unknown>;

const token = (name: string) => `${packageName}:index:${name}`;

/**
 * What each language's generated SDK is called: the names the documented programs import. The Go
 * import path is under this repository, where `pulumi package add` (which points `go.mod` at the
 * SDK it generates) and a published SDK alike would sit.
 */
const languages = {
  csharp: { rootNamespace: "Pulumi", namespaces: { [packageName]: "AzureDiskSas" } },
  go: {
    importBasePath: `github.com/${packageRepository}/sdk/go/azuredisksas`,
    generateResourceContainerTypes: true,
  },
  java: { basePackage: "com.pulumi", packages: { [packageName]: "azuredisksas" } },
  python: { packageName: "pulumi_azure_disk_sas" },
};

/** The types of the grant's settings, options and outputs. */
const propertyTypes: Record<string, PropertySpec> = {
  access: { $ref: `#/types/${token("AccessLevel")}` },
  durationInSeconds: { type: "integer" },
  fileFormat: { $ref: `#/types/${token("FileFormat")}` },
  getSecureVMGuestStateSAS: { type: "boolean" },
  revokeOnDelete: { type: "boolean" },
  renewBeforeSeconds: { type: "integer" },
  accessSAS: { type: "string", secret: true },
  securityDataAccessSAS: { type: "string", secret: true },
  securityMetadataAccessSAS: { type: "string", secret: true },
  dataAccessAuthMode: { type: "string" },
  disks: {
    type: "object",
    additionalProperties: { $ref: `#/types/${token("DiskSas")}` },
    secret: true,
  },
  grantedAt: { type: "string" },
  expiresAt: { type: "string" },
};

/** The inputs whose change replaces the resource: its target and the grant's settings. */
function replacingInputs(kind: TargetKind): Set<string> {
  return new Set([...targetInputNames(kind.path), ...grantSettingNames]);
}

function inputProperties(kind: TargetKind): Record<string, PropertySpec> {
  const docs = { ...targetDocs(kind), ...grantDocs };
  const replacing = replacingInputs(kind);
  return Object.fromEntries(
    inputNames(kind).map((name) => [
      name,
      {
        ...(propertyTypes[name] ?? { type: "string" }),
        description: docs[name],
        ...(replacing.has(name) ? { replaceOnChanges: true } : {}),
      },
    ]),
  );
}

function outputProperties(kind: TargetKind): Record<string, PropertySpec> {
  const { secret, plain } = kindOutputs(kind);
  const docs = { ...targetDocs(kind), ...grantDocs, ...outputDocs };
  const outputs = Object.fromEntries(
    [...plain, ...secret].map((name) => [
      name,
      { ...(propertyTypes[name] ?? { type: "string" }), description: docs[name] },
    ]),
  );
  return { ...inputProperties(kind), ...outputs };
}

/**
 * The package schema that `GetSchema` serves, from which the Pulumi CLI generates each language's
 * SDK: the four resources with every input and output described, the required inputs, the enums
 * of `access` and `fileFormat`, the SAS outputs secret, the inputs whose change replaces, and the
 * provider's configuration with the environment variables it falls back to. It is built from the
 * kinds and the settings the provider reads, so that it cannot drift from what the provider accepts.
 */
export function packageSchema(version: string): Record<string, unknown> {
  const config = Object.fromEntries(
    settingDefinitions.map(({ key, env, type, secret, description }) => [
      key.split(":").at(-1)!,
      {
        type,
        description,
        defaultInfo: { environment: [...env] },
        ...(secret ? { secret: true } : {}),
      },
    ]),
  );
  return {
    name: packageName,
    displayName: "Azure disk SAS",
    version,
    description:
      "SAS access to Azure disk data (managed disks, snapshots, disk and VM restore points) as part of a stack: granted on create, secret, revoked on delete; and server-side copies of that data into page blobs and managed disks, with no SAS outliving them.",
    keywords: ["pulumi", "azure", "disk", "snapshot", "restore-point", "sas", "copy", "backup"],
    license: "MIT",
    repository: `https://github.com/${packageRepository}`,
    // The engine looks for the releases of the repository pulumi-<name> of this owner.
    pluginDownloadURL: `github://api.github.com/${packageRepository.split("/")[0]}`,
    language: languages,
    config: { variables: config },
    provider: {
      description: "The provider of Azure disk SAS access: where and as whom it signs in to Azure.",
      inputProperties: config,
    },
    types: {
      [token("AccessLevel")]: {
        type: "string",
        description: "The access a SAS grants.",
        enum: [
          { value: "Read", description: "Export the data." },
          { value: "Write", description: "Upload into a disk created for upload." },
        ],
      },
      [token("FileFormat")]: {
        type: "string",
        description: "The file format of the exported image.",
        enum: [
          { value: "VHD", description: "A VHD: disks with 512-byte logical sectors." },
          {
            value: "VHDX",
            description: "A VHDX: needed for disks with 4096-byte logical sectors.",
          },
        ],
      },
      [token("BlobSnapshot")]: {
        type: "object",
        description:
          "A snapshot of a DiskCopy's destination blob: an earlier copy, kept before the blob changed.",
        properties: {
          url: {
            type: "string",
            description: "The snapshot's URL: the blob's, with ?snapshot={time}.",
          },
          source: {
            type: "string",
            description: "What the copy it keeps was of: the source's ARM id.",
          },
          sourceCreatedAt: {
            type: "string",
            description: "When that source snapshot was taken (ISO 8601), where Azure said.",
          },
          copiedAt: { type: "string", description: "When that copy was complete (ISO 8601)." },
        },
        required: ["url", "source"],
      },
      [token("DiskSas")]: {
        type: "object",
        description: "The SAS URLs of one disk of a VM restore point.",
        properties: {
          diskRestorePointId: {
            type: "string",
            description: "The full ARM id of the disk restore point.",
          },
          accessSAS: { type: "string", description: outputDocs["accessSAS"], secret: true },
          securityDataAccessSAS: {
            type: "string",
            description: outputDocs["securityDataAccessSAS"],
            secret: true,
          },
          securityMetadataAccessSAS: {
            type: "string",
            description: outputDocs["securityMetadataAccessSAS"],
            secret: true,
          },
        },
        required: ["diskRestorePointId", "accessSAS"],
      },
    },
    resources: Object.fromEntries([
      ...accessResources.map(({ token: resourceToken, kind, description }) => [
        resourceToken,
        {
          description,
          inputProperties: inputProperties(kind),
          requiredInputs: ["access", "durationInSeconds"],
          properties: outputProperties(kind),
          required: [
            kind.path.idProperty,
            "access",
            "durationInSeconds",
            kind.secretOutputs[0]!,
            "grantedAt",
            "expiresAt",
          ],
        },
      ]),
      [copyResource.token, copyResourceSchema(copyResource.description)],
    ]),
  };
}
