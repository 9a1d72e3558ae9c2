import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, InstanceCommunicationLimits, InstanceLimitsHandling } from '../../lib';

const app = new App();
const stack = new Stack(app, 'ContactCentreLimits');

// The instance's own limits: every campaign that opts in honours them as well as its own.
const contactCentre = new InstanceCommunicationLimits(stack, 'ContactCentreLimits', {
  connectInstanceId: 'a1b2c3d4-5678-90ab-cdef-111111111111', // or the instance's ARN, or instance: a CfnInstance
  communicationLimits: [
    { maxCountPerRecipient: 5, frequency: 7 },
    { maxCountPerRecipient: 2, frequency: 1 }, // unit defaults to DAY
  ],
  removalPolicy: RemovalPolicy.DESTROY, // the default; RETAIN leaves the instance's limits in place
});

// Two campaigns on that instance opt in: a recipient gets at most 2 contacts a day from the instance's campaigns,
// and at most 3 a week from the renewals campaign.
new CampaignCommunicationLimits(stack, 'RenewalsLimits', {
  campaignId: 'b2c3d4e5-0000-1111-2222-333344445555',
  communicationLimits: [{ maxCountPerRecipient: 3, frequency: 7 }],
  instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
});
new CampaignCommunicationLimits(stack, 'RemindersLimits', {
  campaignId: 'c3d4e5f6-0000-1111-2222-333344445555',
  instanceLimitsHandling: InstanceLimitsHandling.OPT_IN, // the instance's limits only
});

// The instance id, for other resources of the app (the id the handler used, if it was given an ARN token).
export const connectInstanceId = contactCentre.connectInstanceId;

app.synth();
