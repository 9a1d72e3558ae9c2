/** The limit values written by the constructs (lib/property-values.ts): a token is left for the handler to check. */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits, CommunicationLimitTimeUnit } from '../../lib';

function newStack(): Stack {
  return new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
}

test('a token maxCountPerRecipient is passed through, unchecked at synth', () => {
  const stack = newStack();
  const count = new CfnParameter(stack, 'MaxCount', { type: 'Number' });
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: 'c-1',
    communicationLimits: [{ maxCountPerRecipient: count.valueAsNumber, frequency: 7 }],
  });
  Template.fromStack(stack).hasResourceProperties('Custom::ConnectCampaignCommunicationLimits', {
    CommunicationLimits: [{ MaxCountPerRecipient: { Ref: 'MaxCount' }, Frequency: 7, Unit: 'DAY' }],
  });
});

test('a token unit is passed through, unchecked at synth', () => {
  const stack = newStack();
  const unit = new CfnParameter(stack, 'Unit');
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: 'c-1',
    communicationLimits: [
      { maxCountPerRecipient: 3, frequency: 7, unit: unit.valueAsString as CommunicationLimitTimeUnit },
    ],
  });
  Template.fromStack(stack).hasResourceProperties('Custom::ConnectCampaignCommunicationLimits', {
    CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: { Ref: 'Unit' } }],
  });
});
