/**
 * The provider's two log groups (the handler's and the provider framework's) and the stack's deletion:
 * `logRemovalPolicy`, RETAIN by default, applied to both; every construct of a stack shares the provider, so the
 * value given twice must be the same. Each of the three constructs takes the log settings (`CommunicationLimitsLogProps`).
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimitsDriftCheck,
  InstanceCommunicationLimits,
} from '../../lib';

const LIMITS = [{ maxCountPerRecipient: 3, frequency: 7 }];

function newStack(): Stack {
  return new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
}

function limitsIn(stack: Stack, id: string, props: Partial<CampaignCommunicationLimitsProps> = {}) {
  return new CampaignCommunicationLimits(stack, id, { campaignId: `c-${id}`, communicationLimits: LIMITS, ...props });
}

function logGroupPolicies(stack: Stack): unknown[] {
  const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
  return Object.values(groups).map((g) => ({
    DeletionPolicy: g.DeletionPolicy,
    UpdateReplacePolicy: g.UpdateReplacePolicy,
  }));
}

test('by default both log groups stay when the stack is deleted', () => {
  const stack = newStack();
  limitsIn(stack, 'A');
  expect(logGroupPolicies(stack)).toEqual([
    { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
    { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
  ]);
});

test('DESTROY deletes both log groups with the stack, given on any one construct', () => {
  const stack = newStack();
  limitsIn(stack, 'A', { logRemovalPolicy: RemovalPolicy.DESTROY });
  limitsIn(stack, 'B');
  expect(logGroupPolicies(stack)).toEqual([
    { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
    { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
  ]);
});

test('conflicting values in one stack are rejected, naming the value and the one the provider has', () => {
  const stack = newStack();
  limitsIn(stack, 'A', { logRemovalPolicy: RemovalPolicy.DESTROY });
  expect(() => limitsIn(stack, 'B', { logRemovalPolicy: RemovalPolicy.RETAIN })).toThrow(
    'Limits/B: logRemovalPolicy must be "destroy", the value another construct of stack Limits set ' +
      'for the provider they share; got "retain"',
  );
});

test('a conflict of logRetention and of logRemovalPolicy is reported together', () => {
  const stack = newStack();
  limitsIn(stack, 'A', { logRemovalPolicy: RemovalPolicy.DESTROY, logRetention: logs.RetentionDays.ONE_MONTH });
  expect(() =>
    limitsIn(stack, 'B', { logRemovalPolicy: RemovalPolicy.RETAIN, logRetention: logs.RetentionDays.ONE_WEEK }),
  ).toThrow(/^Limits\/B: logRetention must be 30 \(days\).*; got 7\nLimits\/B: logRemovalPolicy must be "destroy"/);
});

test('a policy other than DESTROY or RETAIN is rejected', () => {
  const stack = newStack();
  expect(() => limitsIn(stack, 'A', { logRemovalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
    'Limits/A: logRemovalPolicy must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN; got "snapshot"',
  );
});

describe('a stack with no CampaignCommunicationLimits sets its logs on the other constructs', () => {
  const instanceLimits = (
    stack: Stack,
    props: { logRemovalPolicy?: RemovalPolicy; logRetention?: logs.RetentionDays },
  ) =>
    new InstanceCommunicationLimits(stack, 'Instance', {
      connectInstanceId: 'a1b2c3d4-5678-90ab-cdef-111111111111',
      communicationLimits: LIMITS,
      ...props,
    });

  test('InstanceCommunicationLimits: both log settings apply', () => {
    const stack = newStack();
    instanceLimits(stack, { logRemovalPolicy: RemovalPolicy.DESTROY, logRetention: logs.RetentionDays.ONE_WEEK });
    expect(logGroupPolicies(stack)).toEqual([
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
    ]);
    Template.fromStack(stack).allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('CommunicationLimitsDriftCheck: both log settings apply, and a campaign construct after it must agree', () => {
    const stack = newStack();
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck', {
      logRemovalPolicy: RemovalPolicy.DESTROY,
      logRetention: logs.RetentionDays.TWO_WEEKS,
    });
    expect(logGroupPolicies(stack)).toEqual([
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
      { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
    ]);
    Template.fromStack(stack).allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    expect(() => limitsIn(stack, 'A', { logRetention: logs.RetentionDays.ONE_WEEK })).toThrow(
      'Limits/A: logRetention must be 14 (days), the value another construct of stack Limits set for the provider ' +
        'they share; got 7',
    );
  });

  test("a policy other than DESTROY or RETAIN is reported with the construct's other problems", () => {
    const stack = newStack();
    expect(
      () =>
        new InstanceCommunicationLimits(stack, 'Instance', {
          connectInstanceId: 'a1b2c3d4-5678-90ab-cdef-111111111111',
          communicationLimits: [],
          logRemovalPolicy: RemovalPolicy.SNAPSHOT,
        }),
    ).toThrow(
      'Limits/Instance: communicationLimits.length must be 1 or 2; got 0\n' +
        'Limits/Instance: logRemovalPolicy must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN; got "snapshot"',
    );
    expect(
      () => new CommunicationLimitsDriftCheck(stack, 'DriftCheck', { logRemovalPolicy: RemovalPolicy.SNAPSHOT }),
    ).toThrow(
      'Limits/DriftCheck: logRemovalPolicy must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN; got "snapshot"',
    );
  });
});
