/* Node-only: the offline verifier of audit exports (`yarn audit-verify`).
 * Not exported from the package index, so the frontend never imports it. */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CsvExportReader,
  ExportVerification,
  ExportVerifier,
  ExportVerifierOptions,
  verifyExportText,
} from '../exportFormat';

export const nodeSha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** Verifies a base64 Ed25519 signature with an SPKI PEM public key. */
export function verifyEd25519(
  message: string,
  signature: string,
  publicKeyPem: string,
): boolean {
  return verify(
    null,
    Buffer.from(message, 'utf8'),
    createPublicKey(publicKeyPem),
    Buffer.from(signature, 'base64'),
  );
}

/** Verifies an export file: CSV streamed in chunks, JSON read whole. */
export async function verifyExportFile(
  file: string,
  options: { publicKey?: string } = {},
): Promise<ExportVerification> {
  const verifierOptions: ExportVerifierOptions = {
    sha256: nodeSha256,
    verifySignature: verifyEd25519,
    publicKey: options.publicKey,
  };
  const stream = createReadStream(file, { encoding: 'utf8' });
  let first: string | undefined;
  const verifier = new ExportVerifier(verifierOptions);
  const reader = new CsvExportReader(verifier);
  for await (const chunk of stream) {
    if (first === undefined) {
      first = (chunk as string).trimStart().charAt(0);
      if (first === '{') {
        stream.destroy();
        return verifyExportText(readFileSync(file, 'utf8'), verifierOptions);
      }
    }
    reader.push(chunk as string);
    if (verifier.broken) break;
  }
  if (!verifier.broken) reader.end();
  return verifier.result();
}

const USAGE =
  'Usage: yarn audit-verify <export.csv|export.json> [--public-key <pem file>]';

/** The CLI; returns the exit code (0 verified, 1 not verified, 2 usage). */
export async function runAuditVerify(
  argv: string[],
  io: { out: (line: string) => void; err: (line: string) => void; cwd: string },
): Promise<number> {
  let file: string | undefined;
  let publicKeyFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--public-key') publicKeyFile = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      io.out(USAGE);
      return 0;
    } else if (!file) file = argv[i];
    else {
      io.err(USAGE);
      return 2;
    }
  }
  if (!file || (argv.includes('--public-key') && !publicKeyFile)) {
    io.err(USAGE);
    return 2;
  }
  let publicKey: string | undefined;
  let result: ExportVerification;
  try {
    if (publicKeyFile) {
      publicKey = readFileSync(resolve(io.cwd, publicKeyFile), 'utf8');
    }
    result = await verifyExportFile(resolve(io.cwd, file), { publicKey });
  } catch (error) {
    io.err(`FAILED: cannot read the export: ${(error as Error).message}`);
    return 1;
  }
  const summary = `${result.checked} rows checked${
    result.notLinked
      ? `, ${result.notLinked} after gaps (filtered export, links not checkable)`
      : ''
  }${
    result.detailsChecked || result.checked === 0
      ? ''
      : ', metadata not in the export (checked through its hash only)'
  }; checkpoint: ${result.checkpoint}${
    result.checkpoint !== 'absent' && !publicKey
      ? ' (embedded key; pass --public-key to pin the server key)'
      : ''
  }`;
  if (result.firstBroken) {
    const broken = result.firstBroken;
    io.err(
      `FAILED: row seq ${broken.seq} id ${broken.id}: ${broken.reason}${
        broken.detail ? ` (${broken.detail})` : ''
      }`,
    );
    io.err(summary);
    return 1;
  }
  if (!result.ok) {
    for (const problem of result.problems) io.err(`FAILED: ${problem}`);
    io.err(summary);
    return 1;
  }
  io.out(`OK: ${summary}`);
  return 0;
}
