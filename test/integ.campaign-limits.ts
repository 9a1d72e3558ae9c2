/**
 * Integration test: applies communication limits to a real campaign and to its Amazon Connect instance, checks them
 * with DescribeCampaign and GetInstanceCommunicationLimits, then updates the stack so that CloudFormation sends both
 * custom resources an Update (frequency 7 -> 14), and checks again.
 *
 * Offline, `npm run integ` only compares this app's synthesized assembly with the committed snapshot
 * (integ.campaign-limits.ts.snapshot/). A real run needs an AWS account, a bootstrapped environment and a campaign
 * in the `Initialized` state (Connect accepts a change of limits only then), and its instance, given by id (deleting
 * the test stack resets the instance to no limits):
 *
 *   INTEG_CAMPAIGN_ID=<campaign id> INTEG_INSTANCE_ID=<instance id> npm run integ:deploy
 *
 * The update step is part of the assertions, so that it runs between the two checks: the assertion stack calls
 * CloudFormation's UpdateStack on the test stack with the same template and the `Frequency` parameter set to 14,
 * waits for UPDATE_COMPLETE, and then describes the campaign again.
 */
import { App, Aws, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { CampaignCommunicationLimits, InstanceCommunicationLimits, InstanceLimitsHandling } from '../lib';

/** A placeholder, so that synth (and the snapshot) works offline; a real run needs the id of a real campaign. */
const PLACEHOLDER_CAMPAIGN_ID = '00000000-0000-0000-0000-000000000000';
const PLACEHOLDER_INSTANCE_ID = '00000000-0000-0000-0000-00000000000a';
const FIRST_FREQUENCY = 7;
const CHANGED_FREQUENCY = 14;

const app = new App();
const campaignId =
  (app.node.tryGetContext('campaignId') as string | undefined) ??
  process.env.INTEG_CAMPAIGN_ID ??
  PLACEHOLDER_CAMPAIGN_ID;
const connectInstanceId =
  (app.node.tryGetContext('connectInstanceId') as string | undefined) ??
  process.env.INTEG_INSTANCE_ID ??
  PLACEHOLDER_INSTANCE_ID;

const stack = new Stack(app, 'CampaignLimitsInteg');
// A parameter, so that the assertions can update the deployed stack with another value and no other change.
const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number', default: FIRST_FREQUENCY });
new CampaignCommunicationLimits(stack, 'Limits', {
  campaignId,
  communicationLimits: [{ maxCountPerRecipient: 3, frequency: frequency.valueAsNumber }],
  instanceLimitsHandling: InstanceLimitsHandling.OPT_OUT,
});
new InstanceCommunicationLimits(stack, 'InstanceLimits', {
  connectInstanceId,
  communicationLimits: [{ maxCountPerRecipient: 5, frequency: frequency.valueAsNumber }],
});

const integ = new IntegTest(app, 'CampaignLimits', {
  testCases: [stack],
  // The update under test is driven by the assertions below; deploying the previous snapshot first adds nothing.
  stackUpdateWorkflow: false,
  diffAssets: false,
});

/** The campaign's override as DescribeCampaign returns it, for a frequency. */
function override(days: number) {
  return {
    campaign: {
      id: campaignId,
      communicationLimitsOverride: {
        allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: days, unit: 'DAY' }] },
        instanceLimitsHandling: 'OPT_OUT',
      },
    },
  };
}

/**
 * DescribeCampaign on the campaign (a second call with the same parameters gets its own construct id). The
 * assertion provider is granted `connect-campaigns:DescribeCampaign`: integ-tests maps the SDK client's name to the
 * service's IAM prefix.
 */
function describeCampaign() {
  return integ.assertions.awsApiCall('ConnectCampaignsV2', 'describeCampaign', { id: campaignId });
}

/** The instance's limits as GetInstanceCommunicationLimits returns them, for a frequency. */
function instanceLimits(days: number) {
  return {
    communicationLimitsConfig: {
      allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: days, unit: 'DAY' }] },
    },
  };
}

/** GetInstanceCommunicationLimits on the instance (granted on "*": the action has no resource type). */
function getInstanceLimits() {
  return integ.assertions.awsApiCall('ConnectCampaignsV2', 'getInstanceCommunicationLimits', { connectInstanceId });
}

const created = describeCampaign().expect(ExpectedResult.objectLike(override(FIRST_FREQUENCY)));
const instanceCreated = getInstanceLimits().expect(ExpectedResult.objectLike(instanceLimits(FIRST_FREQUENCY)));

const update = integ.assertions.awsApiCall('CloudFormation', 'updateStack', {
  StackName: stack.stackName,
  UsePreviousTemplate: true,
  Parameters: [{ ParameterKey: 'Frequency', ParameterValue: String(CHANGED_FREQUENCY) }],
  Capabilities: ['CAPABILITY_IAM'],
});
// CloudFormation updates the stack with the role CDK deployed it with (the bootstrap's execution role), which the
// caller must be allowed to pass.
update.provider.addToRolePolicy({
  Effect: 'Allow',
  Action: ['iam:PassRole'],
  Resource: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-*-cfn-exec-role-${Aws.ACCOUNT_ID}-${Aws.REGION}`],
});

const updated = integ.assertions
  .awsApiCall('CloudFormation', 'describeStacks', { StackName: stack.stackName })
  .expect(ExpectedResult.objectLike({ Stacks: [{ StackName: stack.stackName, StackStatus: 'UPDATE_COMPLETE' }] }))
  .waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.seconds(20) });

const changed = describeCampaign().expect(ExpectedResult.objectLike(override(CHANGED_FREQUENCY)));
const instanceChanged = getInstanceLimits().expect(ExpectedResult.objectLike(instanceLimits(CHANGED_FREQUENCY)));

created.next(instanceCreated).next(update).next(updated).next(changed).next(instanceChanged);
