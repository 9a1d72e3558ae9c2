/**
 * The shared provider (lib/communication-limits-provider.ts) when the first construct of a stack makes no choice (a
 * drift check declared first): the first choices made later apply to the log groups already created, and are then
 * held to. And the error when the handler bundle has not been built.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimitsDriftCheck,
} from '../../lib';

function stackWithDriftCheckFirst(): Stack {
  const stack = new Stack(new App(), 'Outreach', { env: { account: '123456789012', region: 'us-east-1' } });
  new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
  return stack;
}

function limitsIn(stack: Stack, id: string, props: Partial<CampaignCommunicationLimitsProps> = {}) {
  return new CampaignCommunicationLimits(stack, id, {
    campaignId: `c-${id}`,
    communicationLimits: [{ maxCountPerRecipient: 3, frequency: 7 }],
    ...props,
  });
}

function logGroups(stack: Stack) {
  return Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup')).map((group) => ({
    DeletionPolicy: group.DeletionPolicy,
    RetentionInDays: group.Properties.RetentionInDays,
  }));
}

test('with no choice made, the log groups are kept for a year and retained', () => {
  const stack = stackWithDriftCheckFirst();
  limitsIn(stack, 'A');
  expect(logGroups(stack)).toEqual([
    { DeletionPolicy: 'Retain', RetentionInDays: 365 },
    { DeletionPolicy: 'Retain', RetentionInDays: 365 },
  ]);
});

test('a logRemovalPolicy chosen after a drift check applies to both log groups already created', () => {
  const stack = stackWithDriftCheckFirst();
  limitsIn(stack, 'A', { logRemovalPolicy: RemovalPolicy.DESTROY });
  expect(logGroups(stack)).toEqual([
    { DeletionPolicy: 'Delete', RetentionInDays: 365 },
    { DeletionPolicy: 'Delete', RetentionInDays: 365 },
  ]);
});

test('a construct that makes no choice leaves the choice to a later one', () => {
  const stack = stackWithDriftCheckFirst();
  limitsIn(stack, 'A');
  limitsIn(stack, 'B', { logRetention: logs.RetentionDays.ONE_WEEK });
  expect(logGroups(stack)).toEqual([
    { DeletionPolicy: 'Retain', RetentionInDays: 7 },
    { DeletionPolicy: 'Retain', RetentionInDays: 7 },
  ]);
});

test('once made after a drift check, a choice is held to: a conflicting one is rejected', () => {
  const stack = stackWithDriftCheckFirst();
  limitsIn(stack, 'A', { logRetention: logs.RetentionDays.ONE_WEEK });
  expect(() => limitsIn(stack, 'B', { logRetention: logs.RetentionDays.ONE_MONTH })).toThrow(
    'Outreach/B: logRetention must be 7 (days), the value another construct of stack Outreach set ' +
      'for the provider they share; got 30',
  );
});

test('the same choice given twice is no conflict', () => {
  const stack = stackWithDriftCheckFirst();
  limitsIn(stack, 'A', { logRemovalPolicy: RemovalPolicy.DESTROY });
  expect(() => limitsIn(stack, 'B', { logRemovalPolicy: RemovalPolicy.DESTROY })).not.toThrow();
});

test('without the bundled handler, synth fails saying how to build it', () => {
  // The module object itself (an `import * as` binding cannot be spied on).
  const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
  const exists = jest.spyOn(fs, 'existsSync').mockReturnValue(false);
  try {
    const stack = new Stack(new App(), 'Outreach');
    expect(() => limitsIn(stack, 'A')).toThrow(
      /^The handler bundle is missing at \S+assets\/on-event: run `npm run build` first$/,
    );
    expect(exists).toHaveBeenCalledWith(expect.stringMatching(/assets\/on-event\/index\.js$/));
  } finally {
    exists.mockRestore();
  }
});
