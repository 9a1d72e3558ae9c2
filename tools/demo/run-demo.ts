/**
 * `npm run demo`: the example app's stack through a whole lifecycle, with no AWS account. The local CloudFormation
 * runner deploys it (running the real provider framework and handler code), and the handler talks to a loopback
 * emulator of Connect Campaigns V2 holding two sample campaigns on one instance. After each step it prints what each
 * campaign's communication limits are, and the instance's.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CampaignLimitsExampleStack } from '../../bin/example-stack';
import { ConnectCampaignsEmulator, startEmulator } from '../emulator';
import { describeApiCalls } from './api-calls';
import type { CommunicationLimitsConfig, InstanceCommunicationLimitsConfig } from '../emulator';
import { CommunicationLimit } from '../../lib';
import { LocalCloudFormation } from '../local-cloudformation';

const STACK = 'CampaignLimitsExample';
const SPRING = { id: '5f1e2d3c-0000-4000-8000-00000000a001', name: 'Spring outreach' };
const SUMMER = { id: '5f1e2d3c-0000-4000-8000-00000000b002', name: 'Summer outreach' };
const CAMPAIGNS = [SPRING, SUMMER];
const INSTANCE = { id: '9a8b7c6d-0000-4000-8000-0000000000c1', name: 'Contact centre' };

function describeCaps(config: InstanceCommunicationLimitsConfig): string {
  const list = config.allChannelSubtypes?.communicationLimitsList ?? [];
  const caps = list.map((l) => `${l.maxCountPerRecipient} per ${l.frequency === 1 ? 'day' : `${l.frequency} days`}`);
  return caps.join(', ') || '(no caps)';
}

function describeLimits(override: CommunicationLimitsConfig | undefined): [string, string] {
  if (!override) return ['(no override)', ''];
  return [describeCaps(override), override.instanceLimitsHandling ?? '(not set)'];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `  | ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `  |${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join(
    '\n',
  );
}

function report(emulator: ConnectCampaignsEmulator): string {
  const rows = [['campaign', 'state', 'communication limits', 'instance limits']];
  for (const { id, name } of CAMPAIGNS) {
    const campaign = emulator.getCampaign(id);
    rows.push([name, campaign?.state ?? '(gone)', ...describeLimits(campaign?.communicationLimitsOverride)]);
  }
  // The instance's own limits, which the campaigns opt in to; `{}` is the empty configuration a reset puts.
  const instance = emulator.getInstanceCommunicationLimits(INSTANCE.id);
  const instanceCaps = !instance ? '(never set)' : instance.allChannelSubtypes ? describeCaps(instance) : '(empty)';
  rows.push([`${INSTANCE.name} (instance)`, '', instanceCaps, '']);
  return table(rows);
}

/** The shipped drift command (the package's bin), against the runner's CloudFormation API and the emulator. */
async function driftCommand(cfnEndpoint: string, emulatorUrl: string, ...flags: string[]): Promise<number> {
  const args = [path.join(__dirname, '../../assets/cli/index.js'), 'drift', '--stack', STACK, '--region', 'us-east-1'];
  console.log(`\n  $ npx cdk-connect-campaign-limits drift --stack ${STACK} ${flags.join(' ')}`.trimEnd());
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_ENDPOINT_URL_CLOUDFORMATION: cfnEndpoint,
    AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulatorUrl,
    AWS_ACCESS_KEY_ID: 'AKIDDEMO',
    AWS_SECRET_ACCESS_KEY: 'demo',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  // Asynchronously: the runner's CloudFormation API that the command reads is served by this process.
  const status = await new Promise<number>((resolve) => {
    execFile(process.execPath, [...args, ...flags], { env }, (error, stdout, stderr) => {
      console.log(`${stdout}${stderr}`.replace(/^/gm, '  ').trimEnd());
      resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0);
    });
  });
  console.log(`  (exit status ${status})`);
  return status;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    campaigns: CAMPAIGNS.map((c) => ({ ...c, state: 'Initialized' as const, connectInstanceId: INSTANCE.id })),
    instances: [INSTANCE.id],
  });
  const cfn = new LocalCloudFormation({
    env: {
      AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-limits-demo-'));
  let failures = 0;

  const synth = (campaignId: string, communicationLimits?: CommunicationLimit[]): string => {
    const outdir = fs.mkdtempSync(path.join(workdir, 'cdk.out-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } }); // as the CDK CLI synthesizes
    new CampaignLimitsExampleStack(app, STACK, {
      env: { account: '123456789012', region: 'us-east-1' },
      campaignId,
      communicationLimits,
      connectInstanceId: INSTANCE.id,
    });
    app.synth();
    return outdir;
  };

  const step = async (
    title: string,
    expected: string,
    run: () => Promise<{ status: string; reason?: string }>,
    note?: string,
  ) => {
    emulator.resetCalls();
    const result = await run();
    if (result.status !== expected) failures++;
    console.log(`\n## ${title}\n`);
    // The FAILED reason also carries the handler's stack trace and log group; its first line says what happened.
    console.log(`  stack: ${result.status}${result.reason ? `\n  reason: ${result.reason.split('\n')[0]}` : ''}`);
    console.log(`  API calls: ${describeApiCalls(emulator.calls)}`);
    if (note) console.log(note.replace(/^/gm, '  '));
    console.log();
    console.log(report(emulator));
  };

  try {
    console.log(
      '# CampaignCommunicationLimits, locally: the example stack (bin/example-stack.ts) through its lifecycle',
    );
    console.log(
      `\nConnect Campaigns V2 emulator at ${emulator.url}, with two Initialized campaigns on one instance:\n`,
    );
    console.log(report(emulator));

    await step(
      `1. Deploy: ${SPRING.name} gets 3 per 7 days and 1 a day, the instance 5 per 7 days and 2 a day`,
      'CREATE_COMPLETE',
      () => cfn.deploy({ assemblyDir: synth(SPRING.id), stackName: STACK }),
    );
    const changed = [{ maxCountPerRecipient: 2, frequency: 7 }];
    await step('2. Change the limits to 2 per 7 days', 'UPDATE_COMPLETE', () =>
      cfn.deploy({ assemblyDir: synth(SPRING.id, changed), stackName: STACK }),
    );
    await step('3. Redeploy unchanged: CloudFormation sends nothing, no API call', 'UPDATE_COMPLETE', () =>
      cfn.deploy({ assemblyDir: synth(SPRING.id, changed), stackName: STACK }),
    );
    emulator.setCampaignOverride(SPRING.id, {
      allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: 7, unit: 'DAY' }] },
      instanceLimitsHandling: 'OPT_IN',
    });
    console.log(`\n## 3a. Someone edits ${SPRING.name} in the console (5 per 7 days): cdk diff cannot see it\n`);
    console.log(report(emulator));
    const endpoint = await cfn.cloudFormationEndpoint();
    console.log('\n## 3b. The drift check sees it');
    if ((await driftCommand(endpoint, emulator.url)) !== 1) failures++;
    console.log('\n## 3c. ... and corrects it: the declared limits are re-applied');
    emulator.resetCalls();
    if ((await driftCommand(endpoint, emulator.url, '--correct')) !== 0) failures++;
    console.log(`\n  API calls: ${describeApiCalls(emulator.calls)}\n`);
    console.log(report(emulator));
    await step(`4. Point at ${SUMMER.name}: a replacement, the old override is removed`, 'UPDATE_COMPLETE', () =>
      cfn.deploy({ assemblyDir: synth(SUMMER.id, changed), stackName: STACK }),
    );
    emulator.setCampaignState(SUMMER.id, 'Running');
    console.log(`\n(${SUMMER.name} starts running: Connect now refuses any change to its limits.)`);
    await step(
      '5. Change the limits of the running campaign: refused, and the rollback leaves the stack healthy',
      'UPDATE_ROLLBACK_COMPLETE',
      () =>
        cfn.deploy({ assemblyDir: synth(SUMMER.id, [{ maxCountPerRecipient: 1, frequency: 7 }]), stackName: STACK }),
      [
        'Two Updates, each refused by Connect (the campaign is Running) and each followed by a DescribeCampaign:',
        "the change to 1 per 7 days differs from what the campaign has, so the deploy fails; CloudFormation's",
        'rollback then asks for 2 per 7 days again, which the campaign already has, so the rollback succeeds.',
      ].join('\n'),
    );
    await step(
      '6. Delete the stack: the running campaign keeps its override, the instance is reset, nothing gets stuck',
      'DELETE_COMPLETE',
      () => cfn.destroy(STACK),
      [
        'Connect refuses to remove the override of a campaign that is not Initialized: the handler logs a',
        'warning and answers success, so the stack is deleted and the override stays on the campaign.',
      ].join('\n'),
    );
  } finally {
    await cfn.close();
    await emulator.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  if (failures) {
    console.error(`\n${failures} step(s) did not end as expected`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
