/** The machine and versions a run was measured on. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './util';

export interface MachineInfo {
  readonly date: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly node: string;
  readonly awsCdkLib: string;
  readonly connectCampaignsClient: string;
  /** The commit checked out, and the measured folders with uncommitted changes. */
  readonly commit: string;
  readonly uncommitted: readonly string[];
  /** sha256 (first 12) of assets/on-event/index.js when the run started. */
  readonly handlerBundleHash: string;
}

/** Folders whose content the figures depend on. */
const MEASURED_PATHS = ['lib', 'lambda', 'assets', 'emulator', 'local-cloudformation', 'bench'];

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', [...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trimEnd();
  } catch {
    return '';
  }
}

/** sha256 of the handler bundle the construct stages, to notice a rebuild during the run. */
export function handlerBundleHash(): string {
  try {
    const bytes = fs.readFileSync(path.join(ROOT, 'assets', 'on-event', 'index.js'));
    return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  } catch {
    return 'missing';
  }
}

function packageVersion(name: string): string {
  try {
    const file = path.join(ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    awsCdkLib: packageVersion('aws-cdk-lib'),
    connectCampaignsClient: packageVersion('@aws-sdk/client-connectcampaignsv2'),
    commit: git(['rev-parse', '--short', 'HEAD']).trim() || 'unknown',
    uncommitted: [
      ...new Set(
        git(['status', '--porcelain', '--', ...MEASURED_PATHS])
          .split('\n')
          .filter(Boolean)
          .map((line) => line.slice(3).split('/')[0]),
      ),
    ],
    handlerBundleHash: handlerBundleHash(),
  };
}
