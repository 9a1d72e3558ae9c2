/** `CommunicationLimitsDriftCheck` (lib/communication-limits-drift-check.ts): its defaults, descriptions and bounds. */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  CampaignCommunicationLimits,
  CommunicationLimitsDriftCheck,
  CommunicationLimitsDriftCheckProps,
} from '../../lib';

function stackWith(check: CommunicationLimitsDriftCheckProps = {}): Stack {
  const stack = new Stack(new App(), 'Outreach', { env: { account: '123456789012', region: 'us-east-1' } });
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: 'c-1',
    communicationLimits: [{ maxCountPerRecipient: 3, frequency: 7 }],
  });
  new CommunicationLimitsDriftCheck(stack, 'DriftCheck', check);
  return stack;
}

test('by default a run only reports drift: the input says Correct false', () => {
  Template.fromStack(stackWith()).hasResourceProperties('AWS::Scheduler::Schedule', {
    Target: {
      Input: { 'Fn::Join': ['', ['{"DriftCheck":{"StackId":"', { Ref: 'AWS::StackId' }, '","Correct":false}}']] },
    },
  });
});

test('the schedule and its role say what they are for', () => {
  const template = Template.fromStack(stackWith());
  template.hasResourceProperties('AWS::Scheduler::Schedule', {
    Description: "Drift check of the stack's communication limits (cdk-connect-campaign-limits)",
  });
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: Match.objectLike({
      Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
    }),
    Description: 'Lets the drift check schedule invoke the communication limits handler',
  });
});

test('a schedule of zero minutes is rejected', () => {
  expect(() => stackWith({ schedule: Duration.minutes(0) })).toThrow(
    'Outreach/DriftCheck: schedule must be a whole number of minutes, at least 1; got 0 minutes',
  );
});
