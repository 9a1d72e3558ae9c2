/**
 * The whole CloudFormation lifecycle, locally: synthesize an app into a temporary cloud assembly, deploy it with the
 * local CloudFormation runner (the real provider framework and the real handler bundle, in child processes), and
 * watch the campaigns in the loopback Connect Campaigns V2 emulator.
 *
 * IAM is enforced by default: the emulator and the runner's CloudFormation API answer AccessDenied to a function
 * whose role's policies (as the stack has them at that moment of the operation) do not allow the call. The handler
 * retries AccessDenied for 60 s (IAM propagation grace), so a permission gap shows as a slow failure; `denials()`
 * lists what was refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { MetricsEndpoint } from '../../tools/cloudwatch/metrics-endpoint';
import { AuthorizationRequest, ConnectCampaignsEmulator, EmulatorOptions, startEmulator } from '../../tools/emulator';
import { LambdaLogLine, LocalCloudFormation, OperationResult, ResourceModel } from '../../tools/local-cloudformation';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface Harness {
  readonly emulator: ConnectCampaignsEmulator;
  readonly cfn: LocalCloudFormation;
  /** Where the functions' CloudWatch PutMetricData calls go (`AWS_ENDPOINT_URL_CLOUDWATCH`). */
  readonly metrics: MetricsEndpoint;
  /** Synthesizes `build` into a new assembly and deploys stack `stackName` from it. */
  deploy(
    stackName: string,
    build: (stack: Stack) => void,
    parameters?: Record<string, string>,
  ): Promise<OperationResult>;
  destroy(stackName: string): Promise<OperationResult>;
  /** How many writes (Update/Delete of limits) reached the API since the last `resetCalls()`. */
  writes(): number;
  /** The calls refused by IAM so far (Connect Campaigns and CloudFormation), oldest first, and when. */
  denials(): readonly Denial[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Check the functions' IAM permissions on Connect Campaigns and on the CloudFormation API. Default true. */
  readonly enforceIam?: boolean;
  /** The functions' log level (`POWERTOOLS_LOG_LEVEL`). Default `SILENT`. */
  readonly logLevel?: string;
  /** Where the functions' output goes. Default: discarded. */
  readonly onLambdaLog?: (line: LambdaLogLine) => void;
}

/** A call IAM refused. */
export interface Denial {
  readonly action: string;
  readonly resource: string;
  /** `assumed-role/<role>/<function>`, or the access key id if unknown. */
  readonly principal: string;
  /**
   * What the stacks were doing: for each with an operation in progress, `<stack> <status>` and the resources in
   * progress, e.g. `Lifecycle2 UPDATE_COMPLETE_CLEANUP_IN_PROGRESS [LimitsAB12 DELETE_IN_PROGRESS]`.
   */
  readonly during: string;
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

export async function startHarness(
  options: EmulatorOptions = {},
  lambdaConcurrency?: number,
  { enforceIam = true, logLevel = 'SILENT', onLambdaLog }: HarnessOptions = {},
): Promise<Harness> {
  const denials: Denial[] = [];
  const authorize = (request: AuthorizationRequest) => cfn.authorize(request);
  const metrics = await MetricsEndpoint.start(enforceIam ? { authorize: (request) => cfn.authorize(request) } : {});
  const emulator = await startEmulator({
    accountId: ACCOUNT,
    region: REGION,
    ...options,
    ...(enforceIam && { authorize }),
  });
  const cfn: LocalCloudFormation = new LocalCloudFormation({
    region: REGION,
    accountId: ACCOUNT,
    enforceIam,
    onAccessDenied: (request, decision) =>
      denials.push({
        action: request.action,
        resource: request.resource,
        principal: decision.principalArn?.split(':').pop() ?? request.accessKeyId ?? 'anonymous',
        during: operationsInProgress(cfn),
      }),
    lambdaConcurrency,
    onLambdaLog,
    env: {
      AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url,
      AWS_ENDPOINT_URL_CLOUDWATCH: metrics.url,
      POWERTOOLS_LOG_LEVEL: logLevel,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    resourceModels: { 'AWS::ConnectCampaignsV2::Campaign': campaignModel(emulator) },
  });
  const assemblies: string[] = [];
  return {
    emulator,
    cfn,
    metrics,
    async deploy(stackName, build, parameters) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-limits-'));
      assemblies.push(outdir);
      // Construct paths in the template's metadata, as the CDK CLI has them written.
      const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
      build(new Stack(app, stackName, { env: { account: ACCOUNT, region: REGION } }));
      app.synth();
      return cfn.deploy({ assemblyDir: outdir, stackName, parameters });
    },
    destroy: (stackName) => cfn.destroy(stackName),
    writes: () =>
      emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' }) +
      emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits' }),
    denials: () => [...denials],
    async close() {
      await cfn.close();
      await emulator.close();
      await metrics.close();
      for (const dir of assemblies) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The stacks with an operation in progress, and their resources in progress. */
function operationsInProgress(cfn: LocalCloudFormation): string {
  return cfn
    .liveStacks()
    .filter((stack) => stack.status.endsWith('_IN_PROGRESS'))
    .map((stack) => {
      const busy = stack.resources.filter((resource) => resource.status.endsWith('_IN_PROGRESS'));
      return `${stack.stackName} ${stack.status} [${busy.map((r) => `${r.logicalId} ${r.status}`).join(', ')}]`;
    })
    .join('; ');
}
