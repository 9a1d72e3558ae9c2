/**
 * The handler's reads of its own stack (lambda/stack-api.ts) against a mocked CloudFormation client
 * (aws-sdk-client-mock): what each read sends, what it returns when CloudFormation leaves a field out, the pages of
 * ListStackResources, the retries, and the `StackApiError` every failure becomes.
 */
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { StackApiError } from '../../lambda/errors';
import { logger } from '../../lambda/logger';
import type { Pacer, RetryOptions } from '../../lambda/retry';
import { StackApi } from '../../lambda/stack-api';

const stacks = mockClient(CloudFormationClient);
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d-0000-1111-2222-333344445555';
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
const invalid = () => Object.assign(new Error('Stack with id Outreach does not exist'), { name: 'ValidationError' });

/** A fake clock: sleeping advances it, nothing waits. */
function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    sleep: (ms: number) => {
      t += ms;
      return Promise.resolve();
    },
  };
}

function stackApi(retry: Partial<Omit<RetryOptions, 'onRetry'>> = {}): StackApi {
  const c = clock();
  return new StackApi(new CloudFormationClient({}), STACK_ID, {
    deadline: c.now() + 60_000,
    now: c.now,
    sleep: c.sleep,
    random: () => 1,
    ...retry,
  });
}

function resource(logicalId: string): StackResourceSummary {
  return {
    LogicalResourceId: logicalId,
    ResourceType: 'Custom::ConnectCampaignCommunicationLimits',
    ResourceStatus: 'CREATE_COMPLETE',
    LastUpdatedTimestamp: new Date(0),
  };
}

/** The error a call rejects with. */
const failureOf = (call: Promise<unknown>) => call.then(() => undefined).catch((error: unknown) => error);

beforeEach(() => stacks.reset());

describe('status', () => {
  test("asks DescribeStacks about this stack and returns the stack's status", async () => {
    stacks.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'Outreach', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', CreationTime: new Date() }],
    });
    await expect(stackApi().status()).resolves.toBe('UPDATE_ROLLBACK_IN_PROGRESS');
    expect(stacks).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: STACK_ID });
  });

  test.each([
    ['no Stacks at all', {}],
    ['an empty list', { Stacks: [] }],
  ])('is undefined when the answer has %s', async (_what, output) => {
    stacks.on(DescribeStacksCommand).resolves(output);
    await expect(stackApi().status()).resolves.toBeUndefined();
  });
});

describe('describe', () => {
  test('returns the stack DescribeStacks reports for this stack id', async () => {
    const stack = {
      StackId: STACK_ID,
      StackName: 'Outreach',
      StackStatus: 'CREATE_COMPLETE',
      CreationTime: new Date(),
    };
    stacks.on(DescribeStacksCommand).resolves({ Stacks: [stack as never] });
    await expect(stackApi().describe()).resolves.toEqual(stack);
    expect(stacks).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: STACK_ID });
  });

  test.each([
    ['no Stacks at all', {}],
    ['an empty list', { Stacks: [] }],
  ])('fails with a StackApiError naming the stack when the answer has %s', async (_what, output) => {
    stacks.on(DescribeStacksCommand).resolves(output);
    const error = await failureOf(stackApi().describe());
    expect(error).toBeInstanceOf(StackApiError);
    expect(error).toMatchObject({
      stackId: STACK_ID,
      operation: 'DescribeStacks',
      attempts: 1,
      message: `DescribeStacks failed for stack ${STACK_ID}: Error: no such stack`,
    });
  });
});

describe('template', () => {
  test('asks GetTemplate about this stack and returns the template body as CloudFormation holds it', async () => {
    stacks.on(GetTemplateCommand).resolves({ TemplateBody: '{"Resources":{}}' });
    await expect(stackApi().template()).resolves.toBe('{"Resources":{}}');
    expect(stacks).toHaveReceivedCommandWith(GetTemplateCommand, { StackName: STACK_ID });
  });

  test('is the empty text when the answer has no body', async () => {
    stacks.on(GetTemplateCommand).resolves({});
    await expect(stackApi().template()).resolves.toBe('');
  });
});

describe('resources', () => {
  test('reads every page, passing on the token of the page before, and returns all the resources in order', async () => {
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-2' }, true)
      .resolves({ StackResourceSummaries: [resource('C')], NextToken: 'page-3' });
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-3' }, true)
      .resolves({ StackResourceSummaries: [resource('D')] });
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID }, true)
      .resolvesOnce({ StackResourceSummaries: [resource('A'), resource('B')], NextToken: 'page-2' });
    const all = await stackApi().resources();
    expect(all.map((r) => r.LogicalResourceId)).toEqual(['A', 'B', 'C', 'D']);
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 3);
    const inputs = stacks.commandCalls(ListStackResourcesCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { StackName: STACK_ID },
      { StackName: STACK_ID, NextToken: 'page-2' },
      { StackName: STACK_ID, NextToken: 'page-3' },
    ]);
  });

  test('a page without a resource list counts as empty', async () => {
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-2' }, true)
      .resolves({ StackResourceSummaries: [resource('B')] });
    stacks.on(ListStackResourcesCommand, { StackName: STACK_ID }, true).resolvesOnce({ NextToken: 'page-2' });
    const all = await stackApi().resources();
    expect(all.map((r) => r.LogicalResourceId)).toEqual(['B']);
  });
});

describe('firstResources', () => {
  test('reads the first page only, says whether more follow, and reads the rest from its token when asked', async () => {
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-2' }, true)
      .resolves({ StackResourceSummaries: [resource('B')] });
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID }, true)
      .resolvesOnce({ StackResourceSummaries: [resource('A')], NextToken: 'page-2' })
      .resolvesOnce({ StackResourceSummaries: [resource('A')] })
      .resolvesOnce({});
    const api = stackApi();
    const first = await api.firstResources();
    expect(first.resources.map((r) => r.LogicalResourceId)).toEqual(['A']);
    expect(first.more).toBe(true);
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 1);
    expect((await first.rest()).map((r) => r.LogicalResourceId)).toEqual(['B']);
    const only = await api.firstResources();
    expect(only.more).toBe(false);
    expect(await only.rest()).toEqual([]);
    expect(await api.firstResources()).toMatchObject({ resources: [], more: false });
    expect(stacks.commandCalls(ListStackResourcesCommand).map((call) => call.args[0].input)).toEqual([
      { StackName: STACK_ID },
      { StackName: STACK_ID, NextToken: 'page-2' },
      { StackName: STACK_ID },
      { StackName: STACK_ID },
    ]);
  });
});

test('firstResources(2): the first two pages, whether a third follows, and the rest from the second token', async () => {
  stacks
    .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-3' }, true)
    .resolves({ StackResourceSummaries: [resource('C')] });
  stacks
    .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-2' }, true)
    .resolves({ StackResourceSummaries: [resource('B')], NextToken: 'page-3' });
  stacks
    .on(ListStackResourcesCommand, { StackName: STACK_ID }, true)
    .resolves({ StackResourceSummaries: [resource('A')], NextToken: 'page-2' });
  const first = await stackApi().firstResources(2);
  expect(first.resources.map((r) => r.LogicalResourceId)).toEqual(['A', 'B']);
  expect(first.more).toBe(true);
  expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 2);
  expect((await first.rest()).map((r) => r.LogicalResourceId)).toEqual(['C']);
  expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 3);
});

test('firstResources(2) of a stack of one page reads it once', async () => {
  stacks.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [resource('A')] });
  const first = await stackApi().firstResources(2);
  expect(first).toMatchObject({ more: false });
  expect(await first.rest()).toEqual([]);
  expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 1);
});

describe('failures and retries', () => {
  test('throttling is retried, with a log line naming the operation, the attempt and the wait', async () => {
    const info = jest.spyOn(logger, 'info');
    try {
      stacks.on(GetTemplateCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ TemplateBody: '{}' });
      await expect(stackApi().template()).resolves.toBe('{}');
      expect(stacks).toHaveReceivedCommandTimes(GetTemplateCommand, 3);
      const retries = info.mock.calls.filter(([message]) => message === 'Retrying');
      expect(retries).toEqual([
        ['Retrying', { operation: 'GetTemplate', attempt: 1, delayMs: 200, error: expect.any(Error) }],
        ['Retrying', { operation: 'GetTemplate', attempt: 2, delayMs: 400, error: expect.any(Error) }],
      ]);
      expect((retries[0][1] as { error: Error }).error.name).toBe('Throttling');
    } finally {
      info.mockRestore();
    }
  });

  test.each([
    ['status', 'DescribeStacks', DescribeStacksCommand, (api: StackApi) => api.status()],
    ['describe', 'DescribeStacks', DescribeStacksCommand, (api: StackApi) => api.describe()],
    ['template', 'GetTemplate', GetTemplateCommand, (api: StackApi) => api.template()],
    ['resources', 'ListStackResources', ListStackResourcesCommand, (api: StackApi) => api.resources()],
    ['firstResources', 'ListStackResources', ListStackResourcesCommand, (api: StackApi) => api.firstResources()],
    ['resource', 'DescribeStackResource', DescribeStackResourceCommand, (api: StackApi) => api.resource('Limits')],
  ] as const)(
    '%s: an error that is not retried becomes a StackApiError naming the stack, the operation and the cause',
    async (_method, operation, command, read) => {
      const cause = invalid();
      stacks.on(command as never).rejects(cause);
      const error = await failureOf(read(stackApi()));
      expect(error).toBeInstanceOf(StackApiError);
      expect(error).toMatchObject({
        name: 'StackApiError',
        stackId: STACK_ID,
        operation,
        attempts: 1,
        cause,
        message: `${operation} failed for stack ${STACK_ID}: ValidationError: Stack with id Outreach does not exist`,
      });
      expect(stacks.calls()).toHaveLength(1);
    },
  );

  test('throttling until the deadline becomes a StackApiError that says how many attempts were made', async () => {
    const c = clock();
    stacks.on(ListStackResourcesCommand).rejects(throttled());
    // Waits of 200 + 400 + 800 ms fit in 2 s; the fourth attempt's 1,600 ms would end past it.
    const api = stackApi({ deadline: c.now() + 2_000, now: c.now, sleep: c.sleep });
    const error = await failureOf(api.resources());
    expect(error).toBeInstanceOf(StackApiError);
    expect(error).toMatchObject({ operation: 'ListStackResources', attempts: 4 });
    expect((error as Error).message).toBe(
      `ListStackResources failed for stack ${STACK_ID} after 4 attempts: Throttling: Rate exceeded`,
    );
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 4);
  });

  test('with the deadline already passed, no call is sent and the error says there was no time', async () => {
    const c = clock();
    const api = stackApi({ deadline: c.now() - 1, now: c.now, sleep: c.sleep });
    const error = await failureOf(api.status());
    expect(error).toBeInstanceOf(StackApiError);
    expect(error).toMatchObject({ operation: 'DescribeStacks', attempts: 0 });
    expect((error as Error).message).toContain('OutOfTimeError: no time left before the Lambda timeout');
    expect(stacks.calls()).toHaveLength(0);
  });

  test('an error that does not come from the retries (a pacer failing) is passed on as it is', async () => {
    const broken = new Error('pacer broke');
    const pacer: Pacer = {
      beforeAttempt: () => Promise.reject(broken),
      afterAttempt: () => Promise.resolve(false),
    };
    await expect(failureOf(stackApi({ pacer }).template())).resolves.toBe(broken);
    expect(stacks.calls()).toHaveLength(0);
  });
});
