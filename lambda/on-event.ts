/**
 * The Lambda entry point, called by the CDK provider framework for each CloudFormation request, and by the schedule
 * of a `CommunicationLimitsDriftCheck` with its input.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConnectCampaignsV2Client } from '@aws-sdk/client-connectcampaignsv2';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { DriftCheckInput, isDriftCheckInput } from '../lib/shared/drift-contract';
import { CampaignApi } from './campaign-api';
import { DriftRunSummary, runScheduledDriftCheck } from './drift/scheduled';
import { INSTANCE_RESOURCE_TYPE } from '../lib/shared/contract';
import { InstanceApi } from './instance-api';
import { handleInstanceEvent } from './instance-lifecycle';
import { fitForResponse } from './errors';
import { handleEvent, LifecycleResult } from './lifecycle';
import { describeEvent, logger } from './logger';
import { MetricsApi } from './metrics-api';
import { ACCESS_DENIED_GRACE_MS, RetryOptions } from './retry';
import { StackApi } from './stack-api';
import { crowdOf, firstPagesOf, memberOf, POLL_RETRY_MAX_MS, Turns } from './turns';

/** One request's time limit: a hung connection is abandoned (and retried) after this. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Time kept back from the Lambda's timeout: no attempt starts later than this before it, so that every attempt
 * ends, and the last failure is reported, before the Lambda is cut off.
 */
const ANSWER_MARGIN_MS = REQUEST_TIMEOUT_MS + 5_000;
/** The longest a write already sent can take to land: one request's time limit, and a margin. */
const IN_FLIGHT_MS = REQUEST_TIMEOUT_MS + 5_000;
/** Time kept back from the deadline for an invocation's own calls: no waiting for a turn goes on past it. */
const TURN_CALLS_MS = 60_000;

// Retries are ours (see retry.ts); the clients are created once per container.
const clientConfig = {
  maxAttempts: 1,
  requestHandler: { connectionTimeout: 3_000, requestTimeout: REQUEST_TIMEOUT_MS },
};
const campaignsClient = new ConnectCampaignsV2Client(clientConfig);
const cloudFormationClient = new CloudFormationClient(clientConfig);
const cloudWatchClient = new CloudWatchClient(clientConfig);

export async function handler(
  event: CloudFormationCustomResourceEvent | DriftCheckInput,
  context: Context,
): Promise<LifecycleResult | DriftRunSummary> {
  logger.addContext(context);
  const now = Date.now();
  const retry: RetryOptions = {
    deadline: now + context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS,
    accessDeniedUntil: now + ACCESS_DENIED_GRACE_MS,
  };
  const campaigns = new CampaignApi(campaignsClient, retry);
  try {
    if (isDriftCheckInput(event)) {
      logger.info('Scheduled drift check', { input: event });
      const stack = new StackApi(cloudFormationClient, event.DriftCheck.StackId, retry);
      const instances = new InstanceApi(campaignsClient, retry);
      const metrics = new MetricsApi(cloudWatchClient, retry);
      return await runScheduledDriftCheck(event, { campaigns, instances, stack, metrics });
    }
    logger.info('CloudFormation request', { event: describeEvent({ ...event }) });
    const stack = new StackApi(cloudFormationClient, event.StackId, retry);
    // The Connect calls of many resources at once take turns (turns.ts); the CloudFormation reads do not.
    const turns = new Turns({
      logicalId: event.LogicalResourceId,
      readCrowd: crowdOf(stack),
      readFirstPages: firstPagesOf(stack),
      // A throttled poll of the member ahead is retried soon: it is how the turn is seen to come.
      readMember: memberOf(
        new StackApi(cloudFormationClient, event.StackId, { ...retry, maxDelayMs: POLL_RETRY_MAX_MS }),
      ),
      waitUntil: retry.deadline - TURN_CALLS_MS,
      onEvent: (message, details) => logger.info(message, details),
    });
    const paced: RetryOptions = { ...retry, pacer: turns };
    // A Create or a Delete is one of many when a stack is created or deleted: it reads its crowd before calling.
    if (event.RequestType !== 'Update') await turns.join();
    try {
      // The one place the two resource types part: each has its own decisions and its own API module.
      return event.ResourceType === INSTANCE_RESOURCE_TYPE
        ? await handleInstanceEvent(event, {
            instances: new InstanceApi(campaignsClient, paced),
            stack,
            inFlightMs: IN_FLIGHT_MS,
          })
        : await handleEvent(event, {
            campaigns: new CampaignApi(campaignsClient, paced),
            stack,
            inFlightMs: IN_FLIGHT_MS,
          });
    } finally {
      await turns.finish();
    }
  } catch (error) {
    logger.error('Request failed', { error });
    // The full error is in the log; CloudFormation gets a reason that fits its response.
    throw fitForResponse(error);
  }
}
