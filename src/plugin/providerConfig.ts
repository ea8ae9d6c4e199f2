import { apiVersionPattern } from "../azure/apiVersionPolicy";
import { settingDefinitions, type ConfigLookup, type SettingDefinition } from "../azure/settings";
import { unknownValue } from "../lifecycle/grantInputs";
import { describe, type InputFailure } from "../lifecycle/validateInputs";
import { reveal, secretPropertyNames, type WireProperties } from "./wireSecrets";

/** Properties the engine itself adds to every provider's configuration. */
const engineProperties = ["version", "pluginDownloadURL"];

/** The name of a setting in the plugin's configuration: `azure-disk-sas:clientId` is `clientId`. */
export function configName(setting: SettingDefinition): string {
  return setting.key.split(":").at(-1)!;
}

const settingsByName = new Map(settingDefinitions.map((s) => [configName(s), s]));

/**
 * Checks the plugin's configuration as `CheckConfig` receives it (from the stack configuration
 * `azure-disk-sas:*` or an explicit provider's arguments): every failure names the property, the
 * value given and what is allowed. Secret values are judged unwrapped but never shown; unknown values are not judged.
 */
export function checkProviderConfig(news: WireProperties): InputFailure[] {
  const failures: InputFailure[] = [];
  for (const [name, wireValue] of Object.entries(news)) {
    const value = reveal(wireValue);
    const setting = settingsByName.get(name);
    if (
      engineProperties.includes(name) ||
      value === unknownValue ||
      value === null ||
      value === undefined
    ) {
      continue;
    }
    const reason = setting
      ? settingProblem(
          setting,
          value,
          setting.secret === true || secretPropertyNames({ wireValue }).length > 0,
        )
      : `is not a configuration property of azure-disk-sas; allowed: ${[...settingsByName.keys()].join(", ")}`;
    if (reason) {
      failures.push({ property: name, reason: `[${name}] ${reason}.` });
    }
  }
  return failures;
}

/** What is wrong with a setting's value, shown unless it is (or came) secret. */
function settingProblem(
  setting: SettingDefinition,
  value: unknown,
  secret: boolean,
): string | undefined {
  const shown = secret ? "a secret value" : describe(value);
  if (setting.type === "boolean") {
    return typeof value === "boolean" || /^(true|false)$/i.test(String(value))
      ? undefined
      : `must be true or false; got ${shown}`;
  }
  if (typeof value !== "string") {
    return `must be a string; got ${shown}`;
  }
  if (setting.allowed && !setting.allowed.includes(value.trim().toLowerCase())) {
    return `must be one of ${setting.allowed.join(", ")}; got ${shown}`;
  }
  if (setting.setting === "apiVersion" && !apiVersionPattern.test(value.trim())) {
    return `must be an api-version such as 2024-03-02, with -preview for a preview version; got ${shown}`;
  }
  return undefined;
}

/**
 * Looks settings up in the configuration `Configure` received: a key such as
 * `azure-native:clientId` is the property `clientId`. Secrets are unwrapped, booleans read as
 * "true" or "false", and values not known yet are left to the environment.
 */
export function providerConfigLookup(args: WireProperties): ConfigLookup {
  return (key) => {
    const value = reveal(args[key.split(":").at(-1)!]);
    if (value === undefined || value === null || value === unknownValue) {
      return undefined;
    }
    return typeof value === "string" ? value : JSON.stringify(value);
  };
}
