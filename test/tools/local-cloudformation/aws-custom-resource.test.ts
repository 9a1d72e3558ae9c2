/** aws-cdk-lib's AwsCustomResource: its handler loads the service's SDK client from the runner's node_modules. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ConnectCampaignsEmulator, startEmulator } from '../../../tools/emulator';
import { LocalCloudFormation } from '../../../tools/local-cloudformation';

jest.setTimeout(60_000);

const CAMPAIGN_ID = 'c0ffee00-0000-4000-8000-000000000001';
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcf-acr-'));
let emulator: ConnectCampaignsEmulator;
let cfn: LocalCloudFormation;

beforeAll(async () => {
  emulator = await startEmulator({ campaigns: [{ id: CAMPAIGN_ID, name: 'Spring outreach' }] });
  cfn = new LocalCloudFormation({ env: { AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url } });
});

afterAll(async () => {
  await cfn.close();
  await emulator.close();
  fs.rmSync(outdir, { recursive: true, force: true });
});

test('deploys an AwsCustomResource that calls Connect Campaigns V2, and returns its response fields', async () => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'AwsCustomResourceE2E');
  const describe = new cr.AwsCustomResource(stack, 'Describe', {
    onCreate: {
      service: 'ConnectCampaignsV2',
      action: 'DescribeCampaign',
      parameters: { id: CAMPAIGN_ID },
      physicalResourceId: cr.PhysicalResourceId.of(CAMPAIGN_ID),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  new CfnOutput(stack, 'CampaignName', { value: describe.getResponseField('campaign.name') });
  app.synth();

  const result = await cfn.deploy({ assemblyDir: outdir, stackName: 'AwsCustomResourceE2E' });
  expect(result.reason).toBeUndefined();
  expect(result.status).toBe('CREATE_COMPLETE');
  expect(result.outputs).toEqual({ CampaignName: 'Spring outreach' });
  expect(emulator.countCalls({ operation: 'DescribeCampaign' })).toBe(1);
  expect((await cfn.destroy('AwsCustomResourceE2E')).status).toBe('DELETE_COMPLETE');
});
