/**
 * The instance calls (lambda/instance-api.ts) and the metric call (lambda/metrics-api.ts) against mocked SDK clients:
 * what each sends, what it returns, its retry log line, and the error each failure becomes.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ConnectCampaignsV2Client,
  GetInstanceCommunicationLimitsCommand,
  PutInstanceCommunicationLimitsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { InstanceApiError, InstanceNotFoundError, MetricsApiError } from '../../lambda/errors';
import { InstanceApi } from '../../lambda/instance-api';
import { logger } from '../../lambda/logger';
import { MetricsApi } from '../../lambda/metrics-api';
import type { Pacer, RetryOptions } from '../../lambda/retry';
import { failureOf, retryOnFakeClock } from '../support/fake-retry';

const campaigns = mockClient(ConnectCampaignsV2Client);
const metrics = mockClient(CloudWatchClient);
const meta = { $metadata: {} };
const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const CONFIG = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: 7, unit: 'DAY' as const }] },
};

const instanceApi = (extra?: Partial<Omit<RetryOptions, 'onRetry'>>) =>
  new InstanceApi(new ConnectCampaignsV2Client({}), retryOnFakeClock(extra));
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', ...meta });
const brokenPacer = (broken: Error): Pacer => ({
  beforeAttempt: () => Promise.reject(broken),
  afterAttempt: () => Promise.resolve(false),
});

/** Runs `run` with logger.info spied on, and returns the 'Retrying' lines it logged. */
async function retryLines(run: () => Promise<unknown>): Promise<unknown[][]> {
  const info = jest.spyOn(logger, 'info');
  try {
    await run();
    return info.mock.calls.filter(([message]) => message === 'Retrying');
  } finally {
    info.mockRestore();
  }
}

beforeEach(() => {
  campaigns.reset();
  metrics.reset();
});

describe('InstanceApi', () => {
  test('putLimits sends the instance id and the configuration', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand).resolves({});
    await instanceApi().putLimits(INSTANCE_ID, CONFIG);
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, {
      connectInstanceId: INSTANCE_ID,
      communicationLimitsConfig: CONFIG,
    });
  });

  test('getLimits asks about the instance and returns the configuration Connect holds, or nothing', async () => {
    campaigns
      .on(GetInstanceCommunicationLimitsCommand, { connectInstanceId: INSTANCE_ID }, true)
      .resolvesOnce({ communicationLimitsConfig: CONFIG })
      .resolvesOnce({});
    await expect(instanceApi().getLimits(INSTANCE_ID)).resolves.toEqual(CONFIG);
    await expect(instanceApi().getLimits(INSTANCE_ID)).resolves.toBeUndefined();
  });

  test('a throttled call is retried, with a log line naming the operation, the instance, the attempt and the wait', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand).rejectsOnce(throttled()).resolves({});
    const lines = await retryLines(() => instanceApi().putLimits(INSTANCE_ID, CONFIG));
    expect(lines).toEqual([
      [
        'Retrying',
        {
          operation: 'PutInstanceCommunicationLimits',
          connectInstanceId: INSTANCE_ID,
          attempt: 1,
          delayMs: 200,
          error: expect.objectContaining({ name: 'ThrottlingException' }),
        },
      ],
    ]);
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 2);
  });

  test('a missing instance becomes an InstanceNotFoundError naming the operation', async () => {
    campaigns
      .on(GetInstanceCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    const error = await failureOf(instanceApi().getLimits(INSTANCE_ID));
    expect(error).toBeInstanceOf(InstanceNotFoundError);
    expect(error).toMatchObject({ connectInstanceId: INSTANCE_ID, operation: 'GetInstanceCommunicationLimits' });
  });

  test('any other failure becomes an InstanceApiError with the attempts made', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand).rejects(new ValidationException({ message: 'bad', ...meta }));
    const error = await failureOf(instanceApi().putLimits(INSTANCE_ID, CONFIG));
    expect(error).toBeInstanceOf(InstanceApiError);
    expect(error).toMatchObject({
      connectInstanceId: INSTANCE_ID,
      operation: 'PutInstanceCommunicationLimits',
      attempts: 1,
    });
  });

  test('an error that does not come from the retries (a pacer failing) is passed on as it is', async () => {
    const broken = new Error('pacer broke');
    await expect(failureOf(instanceApi({ pacer: brokenPacer(broken) }).getLimits(INSTANCE_ID))).resolves.toBe(broken);
    expect(campaigns.calls()).toHaveLength(0);
  });
});

describe('MetricsApi', () => {
  const metricsApi = (extra?: Partial<Omit<RetryOptions, 'onRetry'>>) =>
    new MetricsApi(new CloudWatchClient({}), retryOnFakeClock(extra));
  const DATUM = {
    MetricName: 'DriftedTargets',
    Dimensions: [{ Name: 'StackName', Value: 'Outreach' }],
    Value: 2,
    Unit: 'Count',
  };

  test('publishes the count of drifted targets of the stack', async () => {
    metrics.on(PutMetricDataCommand).resolves({});
    await metricsApi().putDriftedTargets('Outreach', 2);
    expect(metrics).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'ConnectCampaignCommunicationLimits',
      MetricData: [DATUM],
    });
  });

  test('a throttled call is retried, with a log line naming the operation', async () => {
    metrics
      .on(PutMetricDataCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'Throttling' }))
      .resolves({});
    const lines = await retryLines(() => metricsApi().putDriftedTargets('Outreach', 2));
    expect(lines).toEqual([
      ['Retrying', { operation: 'PutMetricData', attempt: 1, delayMs: 200, error: expect.any(Error) }],
    ]);
    expect(metrics).toHaveReceivedCommandTimes(PutMetricDataCommand, 2);
  });

  test('a failure becomes a MetricsApiError with the attempts made and the cause', async () => {
    const cause = Object.assign(new Error('no such namespace'), { name: 'InvalidParameterValue' });
    metrics.on(PutMetricDataCommand).rejects(cause);
    const error = await failureOf(metricsApi().putDriftedTargets('Outreach', 2));
    expect(error).toBeInstanceOf(MetricsApiError);
    expect(error).toMatchObject({ operation: 'PutMetricData', attempts: 1, cause });
  });

  test('an error that does not come from the retries (a pacer failing) is passed on as it is', async () => {
    const broken = new Error('pacer broke');
    await expect(failureOf(metricsApi({ pacer: brokenPacer(broken) }).putDriftedTargets('Outreach', 2))).resolves.toBe(
      broken,
    );
    expect(metrics.calls()).toHaveLength(0);
  });
});
