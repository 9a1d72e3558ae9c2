import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CampaignApiError,
  CampaignNotFoundError,
  CampaignNotInitializedError,
  CampaignOwnedElsewhereError,
  CampaignStateError,
  fitForResponse,
  InstanceApiError,
  InstanceNotFoundError,
  MAX_MESSAGE_BYTES,
  MetricsApiError,
  StackApiError,
} from '../../lambda/errors';

const serviceError = (message: string) => Object.assign(new Error(message), { name: 'ValidationException' });

describe('fitForResponse', () => {
  test('a short one-line error is thrown as it is', () => {
    const error = new CampaignApiError('c-1', 'DescribeCampaign', 1, serviceError('Invalid request'));
    expect(fitForResponse(error)).toBe(error);
  });

  test('a long message keeps its start (operation, campaign, the service words), ends with a mark, and fits', () => {
    const error = new CampaignApiError('c-1', 'UpdateCampaignCommunicationLimits', 3, serviceError('x'.repeat(3_000)));
    const fitted = fitForResponse(error);
    expect(Buffer.byteLength(fitted.message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(fitted.message).toMatch(
      /^UpdateCampaignCommunicationLimits failed for campaign c-1 after 3 attempts: ValidationException: x+ \[\.\.\.\] \(truncated/,
    );
    expect(fitted.name).toBe('CampaignApiError');
    expect(fitted.cause).toBe(error);
  });

  test('a message of exactly the limit is kept whole; one byte more is truncated', () => {
    const exact = new Error('a'.repeat(MAX_MESSAGE_BYTES));
    expect(fitForResponse(exact)).toBe(exact);
    const over = fitForResponse(new Error('a'.repeat(MAX_MESSAGE_BYTES + 1))).message;
    expect(over).toContain('(truncated');
    expect(Buffer.byteLength(over, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  test('multi-byte characters are counted in bytes and never cut in half', () => {
    const fitted = fitForResponse(new Error('é'.repeat(MAX_MESSAGE_BYTES))).message;
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted.startsWith('é'.repeat(100))).toBe(true);
  });

  test('line breaks stay (one problem per line); other control characters become spaces', () => {
    const fitted = fitForResponse(new Error('first line\nsecond\tline\r'));
    expect(fitted.message).toBe('first line\nsecond line ');
  });

  test('a truncated message uses the whole budget: it is exactly the limit long', () => {
    const fitted = fitForResponse(new Error('a'.repeat(MAX_MESSAGE_BYTES * 2))).message;
    expect(Buffer.byteLength(fitted, 'utf8')).toBe(MAX_MESSAGE_BYTES);
    expect(fitted.endsWith(' [...] (truncated: the full message is in the handler log)')).toBe(true);
  });

  test('a run of control characters becomes one space; the cleaned error keeps its name and the original as cause', () => {
    const error = new CampaignApiError('c-1', 'DescribeCampaign', 1, serviceError('bad\t\t\u0000value'));
    const fitted = fitForResponse(error);
    expect(fitted.message).toBe('DescribeCampaign failed for campaign c-1: ValidationException: bad value');
    expect(fitted.name).toBe('CampaignApiError');
    expect(fitted.cause).toBe(error);
  });

  test('a cleaned message of exactly the limit is kept whole', () => {
    const fitted = fitForResponse(new Error('a'.repeat(MAX_MESSAGE_BYTES - 1) + '\u0007'));
    expect(fitted.message).toBe('a'.repeat(MAX_MESSAGE_BYTES - 1) + ' ');
  });

  test('a thrown non-Error becomes an Error with its text', () => {
    expect(fitForResponse('boom').message).toBe('boom');
  });
});

describe('the messages each error gives CloudFormation', () => {
  const cause = serviceError('1 validation error detected');
  const OPERATION = 'UpdateCampaignCommunicationLimits';

  test('CampaignNotFoundError names the operation, the campaign and what the service said', () => {
    const error = new CampaignNotFoundError('c-1', OPERATION, cause);
    expect(error).toMatchObject({ name: 'CampaignNotFoundError', campaignId: 'c-1', operation: OPERATION, cause });
    expect(error.message).toBe(
      `${OPERATION}: campaign c-1 was not found in this account and region (ValidationException: 1 validation error detected)`,
    );
  });

  test('CampaignStateError names the state Connect reported', () => {
    const error = new CampaignStateError('c-1', OPERATION, 'Running', cause);
    expect(error).toMatchObject({ name: 'CampaignStateError', campaignId: 'c-1', state: 'Running', cause });
    expect(error.message).toBe(`${OPERATION}: campaign c-1 is Running, not Initialized`);
  });

  test('CampaignNotInitializedError says why the change cannot be made', () => {
    const error = new CampaignNotInitializedError('c-1', 'Paused');
    expect(error).toMatchObject({ name: 'CampaignNotInitializedError', campaignId: 'c-1', state: 'Paused' });
    expect(error.message).toBe(
      'Campaign c-1 is Paused: Connect accepts communication limit changes only while a campaign is Initialized, ' +
        'and its current limits differ from the ones requested',
    );
  });

  test('CampaignOwnedElsewhereError names the owner, its tag and where to read on', () => {
    const error = new CampaignOwnedElsewhereError('c-1', 'arn:stack/Other', 'Limits');
    expect(error).toMatchObject({ name: 'CampaignOwnedElsewhereError', ownerStackId: 'arn:stack/Other' });
    expect(error.message).toBe(
      'Campaign c-1 already has its communication limits managed by resource Limits of stack arn:stack/Other ' +
        '(its tag cdk-connect-campaign-limits:stack); one campaign can be managed by one stack only. To move it, ' +
        'see "Moving a construct to another stack" in the README',
    );
  });

  test('the README section it names exists', () => {
    const message = new CampaignOwnedElsewhereError('c-1', 'arn:stack/Other', 'Limits').message;
    const section = /see "([^"]+)" in the README/.exec(message)?.[1];
    const headings = readFileSync(join(__dirname, '../../README.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .map((line) => line.replace(/^#+ /, ''));
    expect(headings).toContain(section);
  });

  test('CampaignApiError counts the attempts only when there was more than one', () => {
    expect(new CampaignApiError('c-1', OPERATION, 1, cause).message).toBe(
      `${OPERATION} failed for campaign c-1: ValidationException: 1 validation error detected`,
    );
    expect(new CampaignApiError('c-1', OPERATION, 2, cause).message).toBe(
      `${OPERATION} failed for campaign c-1 after 2 attempts: ValidationException: 1 validation error detected`,
    );
    expect(new CampaignApiError('c-1', OPERATION, 1, cause).name).toBe('CampaignApiError');
  });

  test('a cause that is not an Error is given as its text', () => {
    expect(new CampaignApiError('c-1', OPERATION, 1, 'socket hang up').message).toBe(
      `${OPERATION} failed for campaign c-1: socket hang up`,
    );
  });

  test('StackApiError names the stack', () => {
    const error = new StackApiError('arn:stack/Mine', 'ListStackResources', 3, cause);
    expect(error).toMatchObject({ name: 'StackApiError', stackId: 'arn:stack/Mine', attempts: 3, cause });
    expect(error.message).toBe(
      'ListStackResources failed for stack arn:stack/Mine after 3 attempts: ValidationException: 1 validation error detected',
    );
  });

  test('InstanceNotFoundError says how to set the instance up', () => {
    const notFound = Object.assign(new Error('Resource not found'), { name: 'ResourceNotFoundException' });
    const error = new InstanceNotFoundError('i-1', 'PutInstanceCommunicationLimits', notFound);
    expect(error).toMatchObject({ name: 'InstanceNotFoundError', connectInstanceId: 'i-1', cause: notFound });
    expect(error.message).toBe(
      'PutInstanceCommunicationLimits: Amazon Connect instance i-1 was not found in this account and region, or is ' +
        'not set up for outbound campaigns; check the instance id, and enable outbound campaigns on the instance in ' +
        'the Amazon Connect console (ResourceNotFoundException: Resource not found)',
    );
  });

  test('InstanceApiError names the instance and the attempts', () => {
    const error = new InstanceApiError('i-1', 'GetInstanceCommunicationLimits', 5, cause);
    expect(error).toMatchObject({ name: 'InstanceApiError', connectInstanceId: 'i-1', attempts: 5, cause });
    expect(error.message).toBe(
      'GetInstanceCommunicationLimits failed for Amazon Connect instance i-1 after 5 attempts: ' +
        'ValidationException: 1 validation error detected',
    );
  });

  test('MetricsApiError names the operation and the attempts', () => {
    const error = new MetricsApiError('PutMetricData', 2, cause);
    expect(error).toMatchObject({ name: 'MetricsApiError', operation: 'PutMetricData', attempts: 2, cause });
    expect(error.message).toBe(
      'PutMetricData failed after 2 attempts: ValidationException: 1 validation error detected',
    );
    expect(new MetricsApiError('PutMetricData', 1, cause).message).toBe(
      'PutMetricData failed: ValidationException: 1 validation error detected',
    );
  });
});
