/**
 * The whole CloudFormation lifecycle, locally: synthesize an app into a temporary cloud assembly, deploy it with the
 * local CloudFormation runner (the real provider framework and the real handler bundle, in child processes), and
 * watch the campaigns in the loopback Connect Campaigns V2 emulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { ConnectCampaignsEmulator, EmulatorOptions, startEmulator } from '../../emulator';
import { LocalCloudFormation, OperationResult, ResourceModel } from '../../local-cloudformation';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface Harness {
  readonly emulator: ConnectCampaignsEmulator;
  readonly cfn: LocalCloudFormation;
  /** Synthesizes `build` into a new assembly and deploys stack `stackName` from it. */
  deploy(
    stackName: string,
    build: (stack: Stack) => void,
    parameters?: Record<string, string>,
  ): Promise<OperationResult>;
  destroy(stackName: string): Promise<OperationResult>;
  /** How many writes (Update/Delete of limits) reached the API since the last `resetCalls()`. */
  writes(): number;
  close(): Promise<void>;
}

/** An `AWS::ConnectCampaignsV2::Campaign` model that creates the campaign in the emulator (Ref and Arn: its ARN). */
function campaignModel(emulator: ConnectCampaignsEmulator): ResourceModel {
  return {
    create: (request) => {
      const id = `${request.logicalId.toLowerCase()}-0000-1111-2222-333344445555`.slice(0, 36);
      const name = typeof request.properties.Name === 'string' ? request.properties.Name : id;
      emulator.addCampaign({ id, name, state: 'Initialized' });
      const arn = `arn:aws:connect-campaigns:${REGION}:${ACCOUNT}:campaign/${id}`;
      return { physicalId: arn, attributes: { Arn: arn, Id: id } };
    },
    delete: (request) => {
      emulator.removeCampaign(request.physicalId.split(':campaign/')[1]);
    },
  };
}

export async function startHarness(options: EmulatorOptions = {}, lambdaConcurrency?: number): Promise<Harness> {
  const emulator = await startEmulator(options);
  const cfn = new LocalCloudFormation({
    region: REGION,
    accountId: ACCOUNT,
    lambdaConcurrency,
    env: {
      AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    resourceModels: { 'AWS::ConnectCampaignsV2::Campaign': campaignModel(emulator) },
  });
  const assemblies: string[] = [];
  return {
    emulator,
    cfn,
    async deploy(stackName, build, parameters) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-limits-'));
      assemblies.push(outdir);
      const app = new App({ outdir });
      build(new Stack(app, stackName, { env: { account: ACCOUNT, region: REGION } }));
      app.synth();
      return cfn.deploy({ assemblyDir: outdir, stackName, parameters });
    },
    destroy: (stackName) => cfn.destroy(stackName),
    writes: () =>
      emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' }) +
      emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits' }),
    async close() {
      await cfn.close();
      await emulator.close();
      for (const dir of assemblies) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
