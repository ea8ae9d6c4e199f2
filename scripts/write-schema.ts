// `npm run schema`: writes provider/schema.json, the schema the provider plugin serves, so that a
// change to it shows in review and `pulumi package add provider/schema.json` needs no plugin run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageVersion } from "../src/packageInfo";
import { packageSchema } from "../src/plugin/schema";

writeFileSync(
  join(__dirname, "..", "provider", "schema.json"),
  `${JSON.stringify(packageSchema(packageVersion), null, 2)}\n`,
);
