import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { formatArmId } from "../src/armId";
import { settingDefinitions } from "../src/azure/settings";
import { pathTypes, nameProperties } from "../src/kinds/targetPath";
import { inputNames } from "../src/lifecycle/properties";
import { copyInputNames } from "../src/copyLifecycle/copyInputs";
import { configName } from "../src/plugin/providerConfig";
import { accessResources } from "../src/plugin/pluginResources";
import { pluginUrn, startAzureDiskSasPlugin, type ProviderPlugin } from "./harness/providerPlugin";

/** A property of the served schema, as far as these tests read it. */
interface SchemaProperty {
  type?: string;
  $ref?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  description?: string;
  additionalProperties?: SchemaProperty;
}
interface SchemaResource {
  description: string;
  inputProperties: Record<string, SchemaProperty>;
  requiredInputs: string[];
  properties: Record<string, SchemaProperty>;
  required: string[];
}
interface PackageSchema {
  name: string;
  version: string;
  pluginDownloadURL: string;
  language: {
    csharp: { rootNamespace: string; namespaces: Record<string, string> };
    go: { importBasePath: string };
    java: { basePackage: string; packages: Record<string, string> };
    python: { packageName: string };
  };
  config: {
    variables: Record<string, SchemaProperty & { defaultInfo?: { environment: string[] } }>;
  };
  provider: { inputProperties: Record<string, SchemaProperty> };
  types: Record<
    string,
    { enum?: { value: string }[]; properties?: Record<string, SchemaProperty> }
  >;
  resources: Record<string, SchemaResource>;
}

const metaschema = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "pulumi-schema", "pulumi.json"), "utf8"),
) as object;
const { version } = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
  version: string;
};
const subscriptionId = "6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10";

let plugin: ProviderPlugin;
let served: string;
let schema: PackageSchema;
before(async () => {
  plugin = await startAzureDiskSasPlugin();
  served = await plugin.getSchema();
  schema = JSON.parse(served) as PackageSchema;
});
after(() => plugin.stop());

describe("the schema GetSchema serves", () => {
  it("validates against Pulumi's package metaschema, which refuses a broken one", () => {
    const validate = new Ajv2020({ strict: false, logger: false, allErrors: true }).compile(
      metaschema,
    );
    assert.equal(validate(schema), true, JSON.stringify(validate.errors, null, 2));
    const broken = structuredClone(schema);
    const resource = broken.resources["azure-disk-sas:index:ManagedDiskAccess"]!;
    resource.inputProperties["durationInSeconds"]!.type = "int";
    assert.equal(validate(broken), false);
  });

  it("is provider/schema.json as committed: `npm run schema` writes it", () => {
    const committed = readFileSync(join(__dirname, "..", "provider", "schema.json"), "utf8");
    assert.deepEqual(JSON.parse(committed), schema);
  });

  it("is the plugin's: its name, the package version, the four access resources and DiskCopy", async () => {
    assert.equal(schema.name, "azure-disk-sas");
    assert.equal(schema.version, version);
    assert.deepEqual((await plugin.getPluginInfo()).version, version);
    assert.deepEqual(Object.keys(schema.resources).sort(), [
      "azure-disk-sas:index:DiskCopy",
      "azure-disk-sas:index:DiskRestorePointAccess",
      "azure-disk-sas:index:ManagedDiskAccess",
      "azure-disk-sas:index:SnapshotAccess",
      "azure-disk-sas:index:VmRestorePointAccess",
    ]);
  });

  it("names each language's SDK as the documented programs import it, and says where releases are", () => {
    const docs = readFileSync(
      join(__dirname, "..", "docs", "installation-configuration.md"),
      "utf8",
    );
    const { csharp, go, java, python } = schema.language;
    const name = schema.name;
    assert.match(docs, new RegExp(`^import ${python.packageName} as `, "m"));
    assert.match(
      docs,
      new RegExp(`^using ${csharp.rootNamespace}\\.${csharp.namespaces[name]};`, "m"),
    );
    assert.match(docs, new RegExp(`^import ${java.basePackage}\\.${java.packages[name]}\\.`, "m"));
    assert.match(docs, new RegExp(`"${go.importBasePath}"`));
    const { repository } = JSON.parse(
      readFileSync(join(__dirname, "..", "package.json"), "utf8"),
    ) as {
      repository: { url: string };
    };
    const [, owner] = /github\.com\/([^/]+)\/pulumi-azure-disk-sas\.git$/.exec(repository.url)!;
    assert.equal(schema.pluginDownloadURL, `github://api.github.com/${owner}`);
    assert.match(repository.url, new RegExp(`/pulumi-${name}\\.git$`), "where the engine looks");
    assert.equal(go.importBasePath, `github.com/${owner}/pulumi-${name}/sdk/go/azuredisksas`);
  });

  it("describes every property, resolves every type, and requires only properties it has", () => {
    for (const [token, resource] of Object.entries(schema.resources)) {
      assert.ok(resource.description, token);
      for (const [name, property] of [
        ...Object.entries(resource.inputProperties),
        ...Object.entries(resource.properties),
      ]) {
        assert.ok(property.description, `${token}.${name} is described`);
        for (const ref of [property.$ref, property.additionalProperties?.$ref]) {
          if (ref) {
            assert.ok(schema.types[ref.replace("#/types/", "")], `${ref} is defined`);
          }
        }
      }
      for (const name of resource.requiredInputs) {
        assert.ok(resource.inputProperties[name], `${token} requires input ${name}`);
      }
      for (const name of resource.required) {
        assert.ok(resource.properties[name], `${token} requires output ${name}`);
      }
      assert.deepEqual(
        resource.requiredInputs,
        token.endsWith(":DiskCopy") ? [] : ["access", "durationInSeconds"],
        "a copy takes one of two sources and one of two destinations: none alone is required",
      );
    }
  });

  it("enumerates access and fileFormat; marks the SAS outputs and disks secret, and nothing else", () => {
    assert.deepEqual(
      schema.types["azure-disk-sas:index:AccessLevel"]!.enum!.map((e) => e.value),
      ["Read", "Write"],
    );
    assert.deepEqual(
      schema.types["azure-disk-sas:index:FileFormat"]!.enum!.map((e) => e.value),
      ["VHD", "VHDX"],
    );
    for (const { token, kind } of accessResources) {
      const resource = schema.resources[token]!;
      assert.equal(
        resource.inputProperties["access"]!.$ref,
        "#/types/azure-disk-sas:index:AccessLevel",
      );
      assert.equal(
        resource.inputProperties["fileFormat"]!.$ref,
        "#/types/azure-disk-sas:index:FileFormat",
      );
      const secrets = Object.keys(resource.properties).filter(
        (n) => resource.properties[n]!.secret,
      );
      assert.deepEqual(secrets.sort(), [...kind.secretOutputs].sort(), token);
    }
    const disks =
      schema.resources["azure-disk-sas:index:VmRestorePointAccess"]!.properties["disks"]!;
    assert.equal(disks.secret, true);
    assert.equal(disks.additionalProperties!.$ref, "#/types/azure-disk-sas:index:DiskSas");
    const diskSas = schema.types["azure-disk-sas:index:DiskSas"]!.properties!;
    const diskRestorePoint = accessResources.find((r) =>
      r.token.endsWith(":DiskRestorePointAccess"),
    )!;
    assert.deepEqual(
      Object.keys(diskSas).filter((n) => diskSas[n]!.secret),
      [...diskRestorePoint.kind.secretOutputs],
      "each disk of a VM restore point carries its SAS as secret as a disk restore point's own",
    );
    const copy = schema.resources["azure-disk-sas:index:DiskCopy"]!;
    assert.deepEqual(
      Object.keys(copy.properties).filter((n) => copy.properties[n]!.secret),
      ["sourceSasUrl"],
      "a copy's only secret is the SAS handed in: it grants others, and records none",
    );
  });

  it("has as configuration every Azure setting the plugin reads, with its environment variables, the credentials secret", () => {
    const variables = schema.config.variables;
    assert.deepEqual(Object.keys(variables).sort(), settingDefinitions.map(configName).sort());
    assert.deepEqual(schema.provider.inputProperties, variables);
    assert.deepEqual(variables["subscriptionId"]!.defaultInfo!.environment, [
      "ARM_SUBSCRIPTION_ID",
      "AZURE_SUBSCRIPTION_ID",
    ]);
    assert.equal(variables["useOidc"]!.type, "boolean");
    const secrets = Object.keys(variables).filter((n) => variables[n]!.secret);
    assert.deepEqual(secrets.sort(), ["clientSecret", "oidcRequestToken", "oidcToken"]);
  });
});

describe("the schema and the provider agree", () => {
  it("Check accepts exactly the inputs the schema lists, for every resource", async () => {
    for (const { token, kind } of accessResources) {
      const resource = schema.resources[token]!;
      const inputs = Object.keys(resource.inputProperties);
      assert.deepEqual(inputs.sort(), inputNames(kind).sort(), token);
      const candidates = new Set([...inputs, ...Object.keys(resource.properties), "tags"]);
      for (const name of candidates) {
        const { failures } = await plugin.check(pluginUrn(kind.resource), {}, { [name]: "x" });
        const refused = failures.some((f) => f.reason.includes("is not a property of"));
        assert.equal(refused, !inputs.includes(name), `${token}: ${name}`);
      }
    }
  });

  it("refuses a resource type it does not serve, naming those it does", async () => {
    await assert.rejects(
      plugin.check("urn:pulumi:dev::disk-sas::azure-disk-sas:index:DiskAccess::x", {}, {}),
      /serves no resource type of \S+DiskAccess::x: only azure-disk-sas:index:ManagedDiskAccess, /,
    );
  });

  it("CheckConfig accepts exactly the configuration the schema lists", async () => {
    const names = [...Object.keys(schema.config.variables), "location", "clientID"];
    for (const name of names) {
      const value = schema.config.variables[name]?.type === "boolean" ? "true" : "public";
      const { failures } = await plugin.checkConfig(pluginUrn("provider"), {}, { [name]: value });
      const refused = failures.some((f) => f.reason.includes("is not a configuration property"));
      assert.equal(refused, !(name in schema.config.variables), name);
    }
  });

  it("replaceOnChanges marks exactly the inputs whose change makes Diff replace, deleting first", async () => {
    for (const { token, kind } of accessResources) {
      const resource = schema.resources[token]!;
      const names = ["rg-backup", ...kind.path.segments.map((_, i) => `name${i}`)];
      const id = formatArmId(pathTypes(kind.path), {
        subscriptionId,
        resourceGroupName: names[0]!,
        names: names.slice(1),
      });
      const grantedAt = new Date();
      const olds = {
        [kind.path.idProperty]: id,
        access: "Read",
        durationInSeconds: 3600,
        grantedAt: grantedAt.toISOString(),
        expiresAt: new Date(grantedAt.getTime() + 3_600_000).toISOString(),
      };
      const byId = { [kind.path.idProperty]: id, access: "Read", durationInSeconds: 3600 };
      const byName = {
        subscriptionId,
        ...Object.fromEntries(nameProperties(kind.path).map((p, i) => [p, names[i]])),
        access: "Read",
        durationInSeconds: 3600,
      };
      const changed: Record<string, unknown> = {
        [kind.path.idProperty]: id.replace(/\/[^/]+$/, "/other"),
        subscriptionId: "00000000-0000-0000-0000-000000000001",
        access: "Write",
        durationInSeconds: 7200,
        fileFormat: "VHDX",
        getSecureVMGuestStateSAS: true,
        revokeOnDelete: false,
        renewBeforeSeconds: 60,
      };
      for (const [name, property] of Object.entries(resource.inputProperties)) {
        const base: Record<string, unknown> =
          name === kind.path.idProperty || !(name in byName) ? byId : byName;
        const news = { ...base, [name]: changed[name] ?? `${String(base[name])}-other` };
        const result = await plugin.diff(pluginUrn(kind.resource), "id", olds, news);
        assert.equal(result.changes, "some", `${token}: ${name}`);
        assert.deepEqual(
          result.replaces,
          property.replaceOnChanges ? [name] : [],
          `${token}: ${name}`,
        );
        assert.equal(result.deleteBeforeReplace, property.replaceOnChanges === true);
      }
      assert.equal(
        (await plugin.diff(pluginUrn(kind.resource), "id", olds, byName)).changes,
        "none",
      );
    }
  });

  it("DiskCopy: Check accepts exactly its inputs, and replaceOnChanges marks the inputs whose change replaces", async () => {
    const resource = schema.resources["azure-disk-sas:index:DiskCopy"]!;
    assert.deepEqual(Object.keys(resource.inputProperties), [...copyInputNames]);
    const urn = pluginUrn("DiskCopy");
    for (const name of [...copyInputNames, "access", "durationInSeconds"]) {
      const { failures } = await plugin.check(urn, {}, { [name]: "x" });
      const refused = failures.some((f) => f.reason.includes("is not a property of"));
      assert.equal(refused, !(copyInputNames as readonly string[]).includes(name), name);
    }
    const rg = `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute`;
    const blob = "https://backups01.blob.core.windows.net/disks/a.vhd";
    const olds = {
      sourceId: `${rg}/snapshots/s`,
      destinationBlobUrl: blob,
      source: `${rg}/snapshots/s`,
      sizeBytes: 1024,
      copiedBytes: 512,
      destinationUrl: blob,
      completedAt: "2026-12-01T00:00:00.000Z",
    };
    const news = { sourceId: `${rg}/snapshots/s`, destinationBlobUrl: blob };
    const changed: Record<string, Record<string, unknown>> = {
      sourceId: { ...news, sourceId: `${rg}/snapshots/other` },
      destinationBlobUrl: { ...news, destinationBlobUrl: `${blob}.2` },
      destinationDiskId: { sourceId: news.sourceId, destinationDiskId: `${rg}/disks/d` },
      fileFormat: { ...news, fileFormat: "VHDX" },
      overwrite: { ...news, overwrite: true },
      verify: { ...news, verify: true },
      grantDurationInSeconds: { ...news, grantDurationInSeconds: 600 },
    };
    for (const [name, inputs] of Object.entries(changed)) {
      const result = await plugin.diff(urn, blob, olds, inputs);
      assert.equal(result.changes, "some", name);
      assert.deepEqual(
        result.replaces,
        resource.inputProperties[name]!.replaceOnChanges ? [name] : [],
        name,
      );
    }
    // A fresh SAS of the same blob is the same source: sourceSasUrl replaces only on another blob,
    // so it is not marked, and Diff decides.
    assert.equal(resource.inputProperties["sourceSasUrl"]!.replaceOnChanges, undefined);
    // Another sourceId into the same blob copies over the earlier copy; into a disk, it replaces.
    assert.equal(resource.inputProperties["sourceId"]!.replaceOnChanges, undefined);
    const { destinationBlobUrl: _blob, ...copied } = olds;
    const intoDisk = {
      ...copied,
      destinationDiskId: `${rg}/disks/d`,
      destinationUrl: `${rg}/disks/d`,
    };
    const otherIntoDisk = { sourceId: `${rg}/snapshots/other`, destinationDiskId: `${rg}/disks/d` };
    assert.deepEqual((await plugin.diff(urn, blob, intoDisk, otherIntoDisk)).replaces, [
      "sourceId",
    ]);
    assert.equal((await plugin.diff(urn, blob, olds, news)).changes, "none");
  });
});
