import { App, RemovalPolicy, Stack, aws_connectcampaignsv2 as campaigns } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CommunicationLimitTimeUnit, InstanceLimitsHandling } from '../../lib';

const app = new App();
const stack = new Stack(app, 'CampaignLimits');

// A campaign created elsewhere (the console, another stack), by id:
new CampaignCommunicationLimits(stack, 'OutreachLimits', {
  campaignId: 'a1b2c3d4-0000-1111-2222-333344445555',
  communicationLimits: [
    { maxCountPerRecipient: 3, frequency: 7, unit: CommunicationLimitTimeUnit.DAY },
    { maxCountPerRecipient: 1, frequency: 1 }, // unit defaults to DAY
  ],
  instanceLimitsHandling: InstanceLimitsHandling.OPT_IN, // optional
  removalPolicy: RemovalPolicy.DESTROY, // the default; RETAIN leaves the override in place
});

// A campaign defined in this app: the id is taken from its ARN, the limits are applied after it is created.
// (Leave the campaign's own communicationLimitsOverride unset: two owners would undo each other.)
const renewals = new campaigns.CfnCampaign(stack, 'Renewals', {
  name: 'renewals',
  connectInstanceId: 'a1b2c3d4-5678-90ab-cdef-111111111111', // the instance's id, not its ARN
  channelSubtypeConfig: {
    telephony: {
      outboundMode: { agentlessConfig: {} },
      defaultOutboundConfig: { connectContactFlowId: 'contact-flow-id' },
    },
  },
});
new CampaignCommunicationLimits(stack, 'RenewalsLimits', {
  campaign: renewals,
  communicationLimits: [{ maxCountPerRecipient: 2, frequency: 30 }],
});

app.synth();
