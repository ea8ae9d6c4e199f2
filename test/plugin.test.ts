import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { parseArmId } from "../src/armId";
import { nameProperties, pathTypes } from "../src/kinds/targetPath";
import { unknownValue } from "../src/lifecycle/grantInputs";
import { accessResources } from "../src/plugin/pluginResources";
import { reveal, secret } from "../src/plugin/wireSecrets";
import {
  pluginUrn,
  startAzureDiskSasPlugin,
  type Properties,
  type ProviderPlugin,
} from "./harness/providerPlugin";
import { cloudError } from "./emulator/http";
import { isWireSecret } from "./harness/stateSecrets";
import { pluginConfiguration, pluginEnvironment } from "./support/pluginSettings";
import {
  postedActions,
  readRange,
  useAzureEmulator,
  emulatorSecrets,
} from "./support/useAzureEmulator";

const emulator = useAzureEmulator();

const environment = (overrides?: Record<string, string>) =>
  pluginEnvironment(emulator(), overrides);
const configuration = () => pluginConfiguration(emulator());

/** Every resource's inputs: by id (one of them secret) or, for a disk restore point, by names. */
function inputsOf(resource: string): Properties {
  const grant = { access: "Read", durationInSeconds: 900 };
  const restorePointId = emulator().diskRestorePointId(0);
  switch (resource) {
    case "ManagedDiskAccess":
      return { diskId: secret(emulator().diskId("web01-datadisk2")), ...grant };
    case "SnapshotAccess":
      return { snapshotId: emulator().snapshotId("web01-osdisk-20261125"), ...grant };
    case "VmRestorePointAccess":
      return { vmRestorePointId: restorePointId.replace(/\/diskRestorePoints\/.*$/, ""), ...grant };
    default: {
      const { path } = accessResources.find((r) => r.kind.resource === resource)!.kind;
      const target = parseArmId(pathTypes(path), restorePointId)!;
      const names = [target.resourceGroupName, ...target.names];
      return {
        ...Object.fromEntries(nameProperties(path).map((name, i) => [name, names[i]])),
        ...grant,
      };
    }
  }
}

/** The names of the objects a resource grants, as the emulator counts their grants. */
function grantedNames(resource: string): string[] {
  const { fixture } = emulator();
  switch (resource) {
    case "ManagedDiskAccess":
      return ["web01-datadisk2"];
    case "SnapshotAccess":
      return ["web01-osdisk-20261125"];
    case "VmRestorePointAccess":
      return fixture.disks.map((disk) => disk.name);
    default:
      return [fixture.disks[0]!.name];
  }
}

/** The SAS URLs in a resource's outputs, unwrapped. */
function sasUrls(outputs: Properties): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === "string" && /^https?:\/\/.*sig=/.test(value)) {
      found.push(value);
    } else if (typeof value === "object" && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  visit(reveal(outputs));
  return found;
}

describe("the provider plugin, driven as the engine drives it", () => {
  let plugin: ProviderPlugin;
  before(async () => {
    plugin = await startAzureDiskSasPlugin("executable", environment());
  });
  after(async () => {
    await plugin.stop();
  });

  it("every resource's whole lifecycle: secret inputs unwrapped, SAS outputs back as secrets", async () => {
    assert.deepEqual(await plugin.handshake(), { acceptSecrets: true });
    const config = configuration();
    const checkedConfig = await plugin.checkConfig(pluginUrn("provider"), {}, config);
    assert.deepEqual(checkedConfig, { inputs: config, failures: [] });
    assert.deepEqual(await plugin.configure(config), {
      acceptSecrets: true,
      supportsPreview: false,
    });

    for (const { kind } of accessResources) {
      const urn = pluginUrn(kind.resource);
      const news = inputsOf(kind.resource);
      const checked = await plugin.check(urn, {}, news);
      assert.deepEqual(checked, { inputs: news, failures: [] }, kind.resource);

      const since = emulator().requests.length;
      const created = await plugin.create(urn, checked.inputs);
      const outputs = created.properties;
      assert.match(created.id, new RegExp(`/${pathTypes(kind.path).at(-1)}/[^/]+$`));
      assert.equal(reveal(outputs[kind.path.idProperty]), created.id);
      assert.ok(kind.secretOutputs[0]! in outputs);
      for (const name of kind.secretOutputs.filter((n) => n in outputs)) {
        assert.ok(isWireSecret(outputs[name]), `${kind.resource}.${name} is secret`);
      }
      assert.equal(
        isWireSecret(outputs[kind.path.idProperty]),
        isWireSecret(news[kind.path.idProperty]),
      );
      for (const name of ["access", "grantedAt", "expiresAt"]) {
        assert.ok(!isWireSecret(outputs[name]), `${kind.resource}.${name} is plain`);
      }
      const urls = sasUrls(outputs);
      assert.equal(urls.length, grantedNames(kind.resource).length);
      for (const url of urls) {
        assert.ok(emulator().storage.minted.includes(url), "Azure's own SAS");
        assert.equal((await readRange(url, 0, 511)).status, 206, "the SAS opens the data");
      }
      for (const name of grantedNames(kind.resource)) {
        assert.equal(emulator().resourceManager.activeGrants(name), 1, name);
      }
      assert.deepEqual(
        postedActions(emulator(), since),
        grantedNames(kind.resource).map(() => "beginGetAccess"),
      );

      const read = await plugin.read(urn, created.id, outputs, checked.inputs);
      assert.deepEqual(read, { id: created.id, properties: outputs, inputs: checked.inputs });
      assert.equal((await plugin.diff(urn, created.id, outputs, news)).changes, "none");

      const renewing = { ...news, renewBeforeSeconds: 60 };
      const inPlace = await plugin.diff(urn, created.id, outputs, renewing);
      assert.deepEqual(inPlace, { changes: "some", replaces: [], deleteBeforeReplace: false });
      const updated = await plugin.update(urn, created.id, outputs, renewing);
      assert.deepEqual(updated.properties, { ...outputs, renewBeforeSeconds: 60 });

      const longer = await plugin.diff(urn, created.id, updated.properties, {
        ...renewing,
        durationInSeconds: 1800,
      });
      assert.deepEqual(longer, {
        changes: "some",
        replaces: ["durationInSeconds"],
        deleteBeforeReplace: true,
      });

      await plugin.delete(urn, created.id, updated.properties);
      for (const name of grantedNames(kind.resource)) {
        assert.equal(emulator().resourceManager.activeGrants(name), 0, `${name} revoked`);
      }
      if (kind.resource === "ManagedDiskAccess" || kind.resource === "SnapshotAccess") {
        const gone = await plugin.read(urn, created.id, updated.properties, checked.inputs);
        assert.equal(gone.id, "", "a refresh reports revoked access gone");
      }
    }
  });

  it("refuses bad input at Check with the messages of the dynamic resources, secret or not", async () => {
    const dynamicProviders: Record<string, string> = {
      DiskRestorePointAccess: "provider",
      VmRestorePointAccess: "vm-provider",
      ManagedDiskAccess: "managed-disk-provider",
      SnapshotAccess: "snapshot-provider",
    };
    for (const { kind } of accessResources) {
      // The dynamic provider as the installed package exports it, which `__provider` loads.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own subpath
      const dynamic = require(`pulumi-azure-disk-sas/${dynamicProviders[kind.resource]}`) as {
        check(olds: object, news: object): Promise<{ failures: unknown[] }>;
      };
      const badInputs: Properties[] = [
        {},
        { [kind.path.idProperty]: "/subscriptions/nope", access: "read", durationInSeconds: 0 },
        {
          [kind.path.idProperty]: secret("/subscriptions/nope"),
          access: secret("None"),
          durationInSeconds: 3600,
          fileFormat: "vhdx",
          renewBeforeSeconds: 7200,
        },
        { resourceGroupName: "rg.", access: "Read", durationInSeconds: 3600, diskname: "x" },
      ];
      for (const news of badInputs) {
        const { failures } = await plugin.check(pluginUrn(kind.resource), {}, news);
        const expected = (await dynamic.check({}, reveal(news) as object)).failures;
        assert.ok(failures.length > 0, JSON.stringify(news));
        assert.deepEqual(failures, expected, `${kind.resource}: ${JSON.stringify(news)}`);
      }
      const unknown = await plugin.check(
        pluginUrn(kind.resource),
        {},
        {
          [kind.path.idProperty]: unknownValue,
          access: "Read",
          durationInSeconds: unknownValue,
        },
      );
      assert.deepEqual(unknown.failures, [], "values not known yet are not judged");
    }
  });
  it("shows no secret in clear: not in its output, nor in an error quoting a SAS", async () => {
    await plugin.configure(configuration());
    const urn = pluginUrn("SnapshotAccess");
    const created = await plugin.create(urn, inputsOf("SnapshotAccess"));
    const [sas] = sasUrls(created.properties);
    emulator().intercepts.push({
      method: "POST",
      path: /\/endGetAccess$/,
      times: 1,
      respond: () => cloudError(409, "Conflict", `The SAS ${sas} is in use.`),
    });
    const refused = await plugin.delete(urn, created.id, created.properties).then(
      () => assert.fail("the revoke was refused"),
      (error: Error) => error.message,
    );
    assert.match(refused, /HTTP 409 Conflict: The SAS https?:\/\/\S+sig=\*\*\* is in use\./);
    await plugin.delete(urn, created.id, created.properties);

    const secrets = emulatorSecrets(emulator());
    assert.ok(secrets.includes(sas!), "the sweep looks for the SAS this test was given");
    const texts = [...plugin.log, refused];
    for (const secretText of secrets) {
      for (const text of texts) {
        assert.ok(!text.includes(secretText), `a secret appears in: ${text.slice(0, 200)}`);
      }
    }
  });
});

describe("the provider plugin's configuration", () => {
  it("CheckConfig refuses a bad configuration, naming the property, the value and what is allowed, never a secret's value", async () => {
    const plugin = await startAzureDiskSasPlugin("executable", environment());
    try {
      const bad = {
        useOidc: "yes",
        environment: "mars",
        apiVersion: "latest",
        clientSecret: secret(42),
        clientID: "4a1c6f0e-0000-0000-0000-000000000000",
        subscriptionId: unknownValue,
        metadataHost: 42,
        tenantId: secret(7),
        version: "0.1.0",
      };
      const { inputs, failures } = await plugin.checkConfig(pluginUrn("provider"), {}, bad);
      assert.deepEqual(inputs, bad);
      const byProperty = [...failures].sort((a, b) => a.property.localeCompare(b.property));
      assert.deepEqual(byProperty, [
        {
          property: "apiVersion",
          reason:
            '[apiVersion] must be an api-version such as 2024-03-02, with -preview for a preview version; got "latest".',
        },
        {
          property: "clientID",
          reason: `[clientID] is not a configuration property of azure-disk-sas; allowed: ${Object.keys(
            (JSON.parse(await plugin.getSchema()) as { config: { variables: object } }).config
              .variables,
          ).join(", ")}.`,
        },
        {
          property: "clientSecret",
          reason: "[clientSecret] must be a string; got a secret value.",
        },
        {
          property: "environment",
          reason: '[environment] must be one of public, usgovernment, china; got "mars".',
        },
        { property: "metadataHost", reason: "[metadataHost] must be a string; got number 42." },
        { property: "tenantId", reason: "[tenantId] must be a string; got a secret value." },
        { property: "useOidc", reason: '[useOidc] must be true or false; got "yes".' },
      ]);
      const good = {
        useOidc: true,
        useMsi: "false",
        environment: "USGovernment",
        apiVersion: "2024-03-02",
        clientSecret: secret("s3cret"),
      };
      assert.deepEqual(await plugin.checkConfig(pluginUrn("provider"), {}, good), {
        inputs: good,
        failures: [],
      });
    } finally {
      await plugin.stop();
    }
  });

  it("takes its configuration first and the environment as fallback; a changed configuration replaces nothing", async () => {
    const { principal } = emulator();
    // The environment holds every setting, but a client secret that Entra ID refuses.
    const plugin = await startAzureDiskSasPlugin(
      "executable",
      environment({ ...emulator().env, ARM_CLIENT_SECRET: "not-the-secret" }),
    );
    const urn = pluginUrn("ManagedDiskAccess");
    const inputs = inputsOf("ManagedDiskAccess");
    try {
      const right = { clientSecret: secret(principal.clientSecret) };
      await plugin.configure(right);
      const created = await plugin.create(urn, inputs);
      await plugin.delete(urn, created.id, created.properties);

      await plugin.configure({});
      const refused = await plugin.create(urn, inputs).then(
        () => assert.fail("the environment's client secret is refused"),
        (error: Error) => error.message,
      );
      assert.match(refused, /No Azure credential worked|invalid_client|AADSTS/);
      assert.equal(emulator().resourceManager.activeGrants("web01-datadisk2"), 0);

      // Engines that send only the variables map.
      await plugin.configure({}, { "azure-disk-sas:config:clientSecret": principal.clientSecret });
      const again = await plugin.create(urn, inputs);
      await plugin.delete(urn, again.id, again.properties);

      const provider = pluginUrn("provider");
      assert.deepEqual(await plugin.diffConfig(provider, right, right), { changes: "none" });
      assert.deepEqual(
        await plugin.diffConfig(provider, right, { clientSecret: secret("rotated") }),
        { changes: "some" },
      );
      for (const text of [...plugin.log, refused]) {
        assert.ok(!text.includes(principal.clientSecret));
      }
    } finally {
      await plugin.stop();
    }
  });
});

describe("the provider plugin as a source plugin", () => {
  it("provider/ (PulumiPlugin.yaml), run as the Node language host runs it, serves the same plugin", async () => {
    const source = await startAzureDiskSasPlugin("source", environment());
    const executable = await startAzureDiskSasPlugin("executable", environment());
    try {
      assert.deepEqual(await source.getPluginInfo(), await executable.getPluginInfo());
      assert.equal(await source.getSchema(), await executable.getSchema());
      await source.configure(configuration());
      const urn = pluginUrn("SnapshotAccess");
      assert.deepEqual(await source.check(urn, {}, {}), await executable.check(urn, {}, {}));
      const created = await source.create(urn, inputsOf("SnapshotAccess"));
      assert.ok(isWireSecret(created.properties["accessSAS"]));
      await source.delete(urn, created.id, created.properties);
      assert.equal(emulator().resourceManager.activeGrants("web01-osdisk-20261125"), 0);
    } finally {
      await Promise.all([source.stop(), executable.stop()]);
    }
  });
});

describe("the YAML example through the provider plugin", () => {
  it("is the program the installation page shows whole", () => {
    const readme = readFileSync(
      join(__dirname, "..", "docs", "installation-configuration.md"),
      "utf8",
    );
    const shown =
      /A complete YAML program, `examples\/snapshot-yaml\/Pulumi.yaml`:\n\n```yaml\n([^`]*)```/.exec(
        readme,
      );
    assert.equal(
      shown?.[1],
      readFileSync(join(__dirname, "..", "examples", "snapshot-yaml", "Pulumi.yaml"), "utf8"),
    );
  });

  it("examples/snapshot-yaml: its resource checked and created by the plugin, its outputs the plugin's, the SAS secret; destroy revokes", async () => {
    const program = parse(
      readFileSync(join(__dirname, "..", "examples", "snapshot-yaml", "Pulumi.yaml"), "utf8"),
    ) as {
      config: Record<string, unknown>;
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
      outputs: Record<string, string>;
    };
    const config: Record<string, unknown> = {
      snapshotId: emulator().snapshotId("web01-osdisk-20261125"),
    };
    assert.deepEqual(Object.keys(program.config), Object.keys(config));
    const created: Record<string, { urn: string; id: string; properties: Properties }> = {};
    // Pulumi YAML's whole-value expressions: `${configKey}` and `${resource.property}`.
    const evaluate = (value: unknown): unknown => {
      const match = typeof value === "string" ? /^\$\{(\w+)(?:\.(\w+))?\}$/.exec(value) : null;
      if (!match) {
        return value;
      }
      const [, name, property] = match;
      return property === undefined ? config[name!] : created[name!]!.properties[property];
    };

    const plugin = await startAzureDiskSasPlugin("executable", environment());
    try {
      await plugin.configure(configuration());
      for (const [name, { type, properties }] of Object.entries(program.resources)) {
        const urn = `urn:pulumi:dev::snapshot-yaml::${type}::${name}`;
        const news = Object.fromEntries(
          Object.entries(properties).map(([key, value]) => [key, evaluate(value)]),
        );
        const checked = await plugin.check(urn, {}, news);
        assert.deepEqual(checked.failures, [], name);
        created[name] = { urn, ...(await plugin.create(urn, checked.inputs)) };
      }
      const outputs = Object.fromEntries(
        Object.entries(program.outputs).map(([key, value]) => [key, evaluate(value)]),
      );
      assert.ok(isWireSecret(outputs["accessSAS"]), "accessSAS stays secret");
      assert.ok(sasUrls(outputs).every((url) => emulator().storage.minted.includes(url)));
      assert.match(String(outputs["expiresAt"]), /^\d{4}-\d{2}-\d{2}T/);
      assert.equal(emulator().resourceManager.activeGrants("web01-osdisk-20261125"), 1);

      for (const { urn, id, properties } of Object.values(created).reverse()) {
        await plugin.delete(urn, id, properties);
      }
      assert.equal(emulator().resourceManager.activeGrants("web01-osdisk-20261125"), 0);
    } finally {
      await plugin.stop();
    }
  });
});
