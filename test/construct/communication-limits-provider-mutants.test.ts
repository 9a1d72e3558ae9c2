/** The shared provider's handler function (lib/communication-limits-provider.ts) says what it does. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits } from '../../lib';

test("the handler function's description names what it applies", () => {
  const stack = new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: 'c-1',
    communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1 }],
  });
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Description:
      'Applies Amazon Connect communication limits (CampaignCommunicationLimits, InstanceCommunicationLimits)',
  });
});
