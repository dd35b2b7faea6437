/*
 * Verifies an audit export offline (no server):
 *   yarn audit-verify <export.csv|export.json> [--public-key <pem file>]
 * Exits 0 when the export verifies, 1 naming the first altered row otherwise.
 */
import { runAuditVerify } from '../src/node/verifyCli';

runAuditVerify(process.argv.slice(2), {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
  // yarn runs scripts in the workspace root; paths are relative to the caller.
  cwd: process.env.INIT_CWD ?? process.cwd(),
}).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`FAILED: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
