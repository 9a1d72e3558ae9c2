/**
 * IAM enforced through the runner: each function signs with its role's own access key, the role's policies are
 * applied when CloudFormation applies them, and the emulator (through `authorize`) and the runner's CloudFormation
 * API (with `enforceIam`) refuse what the policies do not allow at that moment.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { campaignArn, ConnectCampaignsEmulator, startEmulator } from '../../../tools/emulator';
import { AuthorizationRequest, LocalCloudFormation } from '../../../tools/local-cloudformation';
import { InlineProviderApp } from './inline-provider-app';

jest.setTimeout(60_000);

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const UPDATE = 'connect-campaigns:UpdateCampaignCommunicationLimits';

/** Sets limits on `CampaignId`, or reads the stack's status when `ReadStack` is set; no SDK retries. */
const HANDLER = `
const { ConnectCampaignsV2Client, UpdateCampaignCommunicationLimitsCommand } = require('@aws-sdk/client-connectcampaignsv2');
const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');
const campaigns = new ConnectCampaignsV2Client({ maxAttempts: 1 });
const cloudFormation = new CloudFormationClient({ maxAttempts: 1 });
exports.handler = async (event) => {
  if (event.RequestType === 'Delete') return {};
  const props = event.ResourceProperties;
  if (props.ReadStack) {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: event.StackId }));
    return { PhysicalResourceId: 'reader', Data: { Status: Stacks[0].StackStatus } };
  }
  const limits = { communicationLimitsList: [{ maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' }] };
  await campaigns.send(new UpdateCampaignCommunicationLimitsCommand({
    id: props.CampaignId,
    communicationLimitsOverride: { allChannelSubtypes: limits },
  }));
  return { PhysicalResourceId: 'limits' };
};`;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcf-iam-'));
let emulator: ConnectCampaignsEmulator;
let cfn: LocalCloudFormation;
const denied: AuthorizationRequest[] = [];
let synths = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    campaigns: [{ id: A }, { id: B }],
    authorize: (request) => cfn.authorize(request),
  });
  cfn = new LocalCloudFormation({
    enforceIam: true,
    onAccessDenied: (request) => denied.push(request),
    env: { AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url },
  });
});

afterAll(async () => {
  await cfn.close();
  await emulator.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  denied.length = 0;
});

/**
 * A handler function (logical id `Handler`) behind the provider framework; its role gets the statements of a
 * separate `AWS::IAM::Policy` (logical id `Grants`, updated in place), which the custom resource depends on.
 */
function synth(stackName: string, statements: iam.PolicyStatement[], properties: Record<string, string>): string {
  const outdir = path.join(workDir, `assembly-${synths++}`);
  const app = new InlineProviderApp(outdir, stackName, HANDLER, { timeout: Duration.seconds(30) });
  (app.handler.node.defaultChild as lambda.CfnFunction).overrideLogicalId('Handler');
  const grants = new iam.CfnPolicy(app.stack, 'Grants', {
    policyName: 'grants',
    roles: [app.handler.role!.roleName],
    policyDocument: new iam.PolicyDocument({ statements }).toJSON() as unknown,
  });
  grants.overrideLogicalId('Grants');
  app.customResource('Resource', properties).node.addDependency(grants);
  return app.synth();
}

const updateOn = (...ids: string[]) =>
  new iam.PolicyStatement({ actions: [UPDATE], resources: ids.map((id) => campaignArn(id)) });

test('a handler is denied a campaign its policy lacks, and allowed once the policy is updated', async () => {
  const stackName = 'IamCampaigns';
  const deploy = (granted: string[], target: string) =>
    cfn.deploy({ assemblyDir: synth(stackName, [updateOn(...granted)], { CampaignId: target }), stackName });

  expect((await deploy([A], A)).status).toBe('CREATE_COMPLETE');
  expect(emulator.getCampaign(A)?.communicationLimitsOverride).toBeDefined();
  const functionName = cfn.stack(stackName)!.resources.Handler.physicalId;
  const accessKeyId = (await cfn.functionAccessKeyId(functionName))!;
  expect(accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
  expect(cfn.isAllowed(accessKeyId, UPDATE, campaignArn(A))).toBe(true);
  expect(cfn.isAllowed(accessKeyId, UPDATE, campaignArn(B))).toBe(false);
  expect(cfn.isAllowed(accessKeyId, 'connect-campaigns:DeleteCampaignCommunicationLimits', campaignArn(A))).toBe(false);

  // The resource moves to B, but the policy still grants A only: the Update is refused and rolled back.
  denied.length = 0;
  const refused = await deploy([A], B);
  expect(refused.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  const role = Object.values(cfn.stack(stackName)!.resources).find(
    (resource) => resource.type === 'AWS::IAM::Role' && resource.physicalId.includes('HandlerServiceRole'),
  )!.physicalId;
  expect(refused.reason).toContain(
    `User: arn:aws:sts::123456789012:assumed-role/${role}/${functionName} is not authorized to perform: ${UPDATE} ` +
      `on resource: ${campaignArn(B)} because no identity-based policy allows the ${UPDATE} action`,
  );
  expect(denied).toEqual([expect.objectContaining({ accessKeyId, action: UPDATE, resource: campaignArn(B) })]);
  expect(
    emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits', errorType: 'AccessDeniedException' }),
  ).toBe(1);
  expect(emulator.getCampaign(B)?.communicationLimitsOverride).toBeUndefined();

  // The policy is updated in place before the resource that depends on it: now the Update goes through.
  const allowed = await deploy([A, B], B);
  expect(allowed.status).toBe('UPDATE_COMPLETE');
  expect(allowed.events.map((event) => `${event.logicalId} ${event.action}`)).toEqual(
    expect.arrayContaining(['Grants UPDATE']),
  );
  const order = allowed.events.map((event) => event.logicalId);
  expect(order.indexOf('Grants')).toBeLessThan(order.lastIndexOf('Resource'));
  expect(emulator.getCampaign(B)?.communicationLimitsOverride).toBeDefined();
  expect(cfn.isAllowed(accessKeyId, UPDATE, campaignArn(B))).toBe(true);

  // Once the stack is deleted, the role and its policy are gone: the key is allowed nothing.
  expect((await cfn.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(cfn.isAllowed(accessKeyId, UPDATE, campaignArn(A))).toBe(false);
});

test("with enforceIam, the runner's CloudFormation API answers AccessDenied unless the stack is granted", async () => {
  const stackName = 'IamStackReader';
  const read = (statements: iam.PolicyStatement[]) =>
    cfn.deploy({ assemblyDir: synth(stackName, statements, { ReadStack: 'yes' }), stackName });
  const other = new iam.PolicyStatement({
    actions: ['cloudformation:DescribeStacks'],
    resources: ['arn:aws:cloudformation:*:*:stack/Other/*'],
  });

  const refused = await read([other]);
  expect(refused.status).toBe('ROLLBACK_COMPLETE');
  expect(refused.reason).toMatch(
    /is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:us-east-1:123456789012:stack\/IamStackReader\/[0-9a-f-]+ because no identity-based policy allows/,
  );
  expect(denied.map((request) => request.action)).toEqual(['cloudformation:DescribeStacks']);

  const granted = new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [Aws.STACK_ID] });
  const allowed = await read([other, granted]);
  expect(allowed.reason).toBeUndefined();
  expect(allowed.status).toBe('CREATE_COMPLETE');
  expect((await cfn.destroy(stackName)).status).toBe('DELETE_COMPLETE');
});
