// Installs the freshly built package into this project's node_modules as a plain copy, the way npm
// installs it for a user. Pulumi stores a provider as `require("<package>/provider")` only when it
// is loaded from node_modules, so the examples and tests load it from there.
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "node_modules", "pulumi-azure-disk-sas");
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const { files } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const entry of ["package.json", ...files]) {
  cpSync(join(root, entry), join(target, entry), { recursive: true });
}
