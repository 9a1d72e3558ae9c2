/**
 * `CommunicationLimitsDriftCheck`: the schedule (its bounds, its default input and descriptions), its role, the
 * handler's added permissions, the metric, opt-in only, and the warning when the stack declares nothing to check.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CampaignCommunicationLimits,
  CommunicationLimit,
  CommunicationLimitsDriftCheck,
  CommunicationLimitsDriftCheckProps,
  InstanceCommunicationLimits,
} from '../../lib';

const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 3, frequency: 7 }];

function stackWith(check?: CommunicationLimitsDriftCheckProps, limits = WEEKLY): Stack {
  const stack = new Stack(new App(), 'Outreach', { env: { account: '123456789012', region: 'us-east-1' } });
  new CampaignCommunicationLimits(stack, 'Limits', { campaignId: 'c-1', communicationLimits: limits });
  if (check) new CommunicationLimitsDriftCheck(stack, 'DriftCheck', check);
  return stack;
}

const handlerArn = () => ({
  'Fn::GetAtt': [Match.stringLikeRegexp('^ConnectCampaignCommunicationLimitsProviderOnEventHandler'), 'Arn'],
});

describe('the schedule', () => {
  test.each([
    [undefined, 'rate(1 hour)'],
    [Duration.hours(6), 'rate(6 hours)'],
    [Duration.minutes(90), 'rate(90 minutes)'],
    [Duration.minutes(1), 'rate(1 minute)'],
    [Duration.days(2), 'rate(2 days)'],
  ])('schedule %s is %s', (schedule, expression) => {
    Template.fromStack(stackWith({ schedule })).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: expression,
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
  });

  test.each([Duration.seconds(30), Duration.seconds(90)])('schedule %s is rejected, naming the prop', (schedule) => {
    expect(() => stackWith({ schedule })).toThrow(
      `Outreach/DriftCheck: schedule must be a whole number of minutes, at least 1; got ${schedule.toHumanString()}`,
    );
  });

  test('a schedule of zero minutes is rejected', () => {
    expect(() => stackWith({ schedule: Duration.minutes(0) })).toThrow(
      'Outreach/DriftCheck: schedule must be a whole number of minutes, at least 1; got 0 minutes',
    );
  });

  test('by default a run only reports drift: the input says Correct false', () => {
    Template.fromStack(stackWith({})).hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        Input: { 'Fn::Join': ['', ['{"DriftCheck":{"StackId":"', { Ref: 'AWS::StackId' }, '","Correct":false}}']] },
      },
    });
  });

  test('the schedule and its role say what they are for', () => {
    const template = Template.fromStack(stackWith({}));
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

  test("invokes the stack's existing handler with a constant input: its stack, and whether to correct", () => {
    for (const correct of [false, true]) {
      const template = Template.fromStack(stackWith({ correct }));
      template.resourceCountIs('AWS::Lambda::Function', 2); // the handler and the provider framework, as before
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: {
          Arn: handlerArn(),
          Input: {
            'Fn::Join': ['', ['{"DriftCheck":{"StackId":"', { Ref: 'AWS::StackId' }, `","Correct":${correct}}}`]],
          },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      });
    }
  });

  test('a change of limits leaves the schedule as it is: only that field changes in the template', () => {
    const schedule = (limits: CommunicationLimit[]) =>
      Object.values(Template.fromStack(stackWith({}, limits)).findResources('AWS::Scheduler::Schedule'));
    expect(schedule([{ maxCountPerRecipient: 1, frequency: 14 }])).toEqual(schedule(WEEKLY));
  });

  test("the scheduler's role may invoke this handler only, on behalf of this account only", () => {
    const template = Template.fromStack(stackWith({}));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^DriftCheckScheduleRoleDefaultPolicy'),
      PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: handlerArn() }] },
    });
  });
});

describe('permissions', () => {
  const statements = (stack: Stack) =>
    Object.values(
      Template.fromStack(stack).findResources('AWS::IAM::Policy', {
        Properties: { PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-') },
      }),
    )[0].Properties.PolicyDocument.Statement;

  test('the handler may also read campaign states and the template, and put the metric in its namespace only', () => {
    const [campaign, stack, metric] = statements(stackWith({}));
    expect(campaign.Action).toEqual([
      'connect-campaigns:UpdateCampaignCommunicationLimits',
      'connect-campaigns:DeleteCampaignCommunicationLimits',
      'connect-campaigns:DescribeCampaign',
      'connect-campaigns:TagResource',
      'connect-campaigns:UntagResource',
      'connect-campaigns:GetCampaignState',
    ]);
    expect(stack).toEqual({
      Action: [
        'cloudformation:DescribeStacks',
        'cloudformation:ListStackResources',
        'cloudformation:DescribeStackResource',
        'cloudformation:GetTemplate',
      ],
      Effect: 'Allow',
      Resource: { Ref: 'AWS::StackId' },
    });
    expect(metric).toEqual({
      Action: 'cloudwatch:PutMetricData',
      Effect: 'Allow',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'ConnectCampaignCommunicationLimits' } },
    });
  });

  test('a stack that does not opt in gets nothing new: no schedule, no role, none of the added actions', () => {
    const without = Template.fromStack(stackWith()).toJSON();
    const withCheck = Template.fromStack(stackWith({})).toJSON();
    const added = Object.keys(withCheck.Resources).filter((id) => !(id in without.Resources));
    expect(added.map((id) => withCheck.Resources[id].Type).sort()).toEqual([
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::Scheduler::Schedule',
    ]);
    // Every other resource is the same, but for the handler policy's added statements.
    for (const [id, resource] of Object.entries<any>(without.Resources)) {
      if (resource.Type === 'AWS::IAM::Policy') continue;
      expect(withCheck.Resources[id]).toEqual(resource);
    }
    expect(JSON.stringify(without)).not.toMatch(/GetCampaignState|GetTemplate|PutMetricData|Scheduler/);
  });

  test('declared before the limits constructs: the provider is shared and their logRetention applies', () => {
    const stack = new Stack(new App(), 'Outreach');
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
    new CampaignCommunicationLimits(stack, 'Limits', {
      campaignId: 'c-1',
      communicationLimits: WEEKLY,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('one drift check per stack', () => {
    const stack = stackWith({});
    expect(() => new CommunicationLimitsDriftCheck(stack, 'Another')).toThrow(
      'Outreach/Another: stack Outreach already has a drift check, Outreach/DriftCheck',
    );
  });
});

test('metricDriftedTargets: the namespace, name and stack dimension the handler publishes, per schedule period', () => {
  const stack = stackWith();
  const check = new CommunicationLimitsDriftCheck(stack, 'DriftCheck', { schedule: Duration.hours(6) });
  const metric = check.metricDriftedTargets();
  expect(metric).toBeInstanceOf(cloudwatch.Metric);
  expect(metric.namespace).toBe('ConnectCampaignCommunicationLimits');
  expect(metric.metricName).toBe('DriftedTargets');
  expect(metric.dimensions).toEqual({ StackName: 'Outreach' });
  expect(metric.period.toHours()).toBe(6);
  expect(metric.statistic).toBe('Maximum');
  expect(check.metricDriftedTargets({ period: Duration.days(1) }).period.toDays()).toBe(1);
});

describe('a drift check with nothing to check', () => {
  const newStack = () => new Stack(new App(), 'Outreach', { env: { account: '123456789012', region: 'us-east-1' } });
  const warnings = (stack: Stack) =>
    Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('the drift check has nothing to check'));

  test('in a stack that declares no limits, it warns at synth', () => {
    const stack = newStack();
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
    expect(warnings(stack)).toHaveLength(1);
    expect(warnings(stack)[0].entry.data).toMatch(/^Stack Outreach declares no CampaignCommunicationLimits/);
    // Its id, for acknowledging it (Annotations.acknowledgeWarning).
    expect(warnings(stack)[0].entry.data).toContain('[ack: cdk-connect-campaign-limits:driftCheckWithoutLimits]');
  });

  test('limits declared after the check count: no warning', () => {
    const stack = newStack();
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
    new CampaignCommunicationLimits(stack, 'Limits', { campaignId: 'c-1', communicationLimits: WEEKLY });
    expect(warnings(stack)).toHaveLength(0);
  });

  test("an instance's limits alone count: no warning", () => {
    const stack = newStack();
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
    new InstanceCommunicationLimits(stack, 'InstanceLimits', {
      connectInstanceId: '11111111-2222-3333-4444-555555555555',
      communicationLimits: WEEKLY,
    });
    expect(warnings(stack)).toHaveLength(0);
  });
});
