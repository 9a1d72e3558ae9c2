import { App, Duration, Stack, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CommunicationLimitsDriftCheck } from '../../lib';

const app = new App();
const stack = new Stack(app, 'CampaignLimits');
new CampaignCommunicationLimits(stack, 'OutreachLimits', {
  campaignId: 'a1b2c3d4-0000-1111-2222-333344445555',
  communicationLimits: [{ maxCountPerRecipient: 3, frequency: 7 }],
});

const check = new CommunicationLimitsDriftCheck(stack, 'DriftCheck', {
  schedule: Duration.hours(6), // @default Duration.hours(1)
  correct: false, // @default false: report only; true re-applies the declared limits where Connect allows it
});

// Alarm when a run finds any target whose live limits differ from the declared ones.
new cloudwatch.Alarm(stack, 'LimitsDrifted', {
  metric: check.metricDriftedTargets(),
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  evaluationPeriods: 1,
  // No data while the stack has an operation in progress (the check skips that run): not an alarm.
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  alarmDescription: 'Communication limits were changed outside the stack: run `npx cdk-connect-campaign-limits drift`',
});

app.synth();
