// Runs a command with a fresh TLS certificate for the local Azure emulator: the certificate is made
// here, before the command's Node processes start, so that NODE_EXTRA_CA_CERTS makes them trust it.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-emulator-certificate.mjs <command> [args...]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "azure-emulator-tls-"));
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,DNS:azure-emulator.test,DNS:*.azure-emulator.test,IP:127.0.0.1",
    "-keyout",
    join(dir, "key.pem"),
    "-out",
    join(dir, "cert.pem"),
  ],
  { stdio: "ignore" },
);

// Trust the emulator in addition to whatever extra CAs this machine already trusts (a proxy's, say).
const inherited = process.env.NODE_EXTRA_CA_CERTS;
const extraCertificates = [
  inherited && existsSync(inherited) ? readFileSync(inherited, "utf8") : "",
  readFileSync(join(dir, "cert.pem"), "utf8"),
];
writeFileSync(join(dir, "extra-ca-certs.pem"), extraCertificates.join("\n"));

const child = spawn(command, args, {
  stdio: "inherit",
  env: {
    ...process.env,
    AZURE_EMULATOR_TLS_DIR: dir,
    NODE_EXTRA_CA_CERTS: join(dir, "extra-ca-certs.pem"),
  },
});
const forward = (signal) => child.kill(signal);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);
child.on("exit", (code, signal) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
