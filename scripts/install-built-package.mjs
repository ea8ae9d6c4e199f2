// Installs the freshly built package into this project's node_modules as a plain copy, the way npm
// installs it for a user. Pulumi stores a provider as `require("<package>/provider")` only when it
// is loaded from node_modules, so the examples and tests load it from there.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "node_modules", "pulumi-azure-disk-sas");
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(root, "package.json"), join(target, "package.json"));
cpSync(join(root, "dist"), join(target, "dist"), { recursive: true });
