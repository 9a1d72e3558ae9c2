/**
 * CloudFormation custom resource requests as the handler receives them: every property value a string.
 */
import type { StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
  Context,
} from 'aws-lambda';
import { RESOURCE_TYPE, type DeliveredResourceProperties } from '../../lib/shared/contract';

export const CAMPAIGN_ID = 'a1b2c3d4-0000-1111-2222-333344445555';
export const OTHER_CAMPAIGN_ID = 'b2c3d4e5-0000-1111-2222-333344445555';
/** The campaign's ARN, in the account and region of the events' stack. */
export const CAMPAIGN_ARN = `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${CAMPAIGN_ID}`;

/** 3 contacts in 7 days and 1 a day, opted in to the instance's limits, as CloudFormation delivers them. */
export const DELIVERED: DeliveredResourceProperties = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
  CampaignId: CAMPAIGN_ID,
  CommunicationLimits: [
    { MaxCountPerRecipient: '3', Frequency: '7', Unit: 'DAY' },
    { MaxCountPerRecipient: '1', Frequency: '1', Unit: 'DAY' },
  ],
  InstanceLimitsHandling: 'OPT_IN',
  RemovalPolicy: 'Destroy',
};

/** The same override in the service's shape. */
export const OVERRIDE = {
  allChannelSubtypes: {
    communicationLimitsList: [
      { maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' as const },
      { maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' as const },
    ],
  },
  instanceLimitsHandling: 'OPT_IN' as const,
};

/** The logical id of the resource in these events. */
export const COMMON_LOGICAL_ID = 'OutreachLimits00FB826E';

const COMMON = {
  ServiceToken: DELIVERED.ServiceToken!,
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/secret?X-Amz-Signature=abc',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/CampaignLimits/11111111-2222-3333-4444-555555555555',
  RequestId: 'req-1',
  LogicalResourceId: COMMON_LOGICAL_ID,
  ResourceType: RESOURCE_TYPE,
};

type Props = object;

export function createEvent(properties: Props = { ...DELIVERED }): CloudFormationCustomResourceCreateEvent {
  return { ...COMMON, RequestType: 'Create', ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...properties } };
}

export function updateEvent(
  properties: Props,
  oldProperties: Props,
  physicalId = String((oldProperties as { CampaignId?: string }).CampaignId),
): CloudFormationCustomResourceUpdateEvent {
  return {
    ...COMMON,
    RequestType: 'Update',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...properties },
    OldResourceProperties: { ServiceToken: COMMON.ServiceToken, ...oldProperties },
  };
}

export function deleteEvent(
  properties: Props = { ...DELIVERED },
  physicalId = String((properties as { CampaignId?: string }).CampaignId),
): CloudFormationCustomResourceDeleteEvent {
  return {
    ...COMMON,
    RequestType: 'Delete',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...properties },
  };
}

/** A Lambda context with `remainingMs` left before the timeout. */
export function lambdaContext(remainingMs = 600_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'OnEventHandler',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:OnEventHandler',
    memoryLimitInMB: '256',
    awsRequestId: 'lambda-req-1',
    logGroupName: '/aws/lambda/OnEventHandler',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    /* eslint-disable @typescript-eslint/no-deprecated -- the Context type still requires the legacy callbacks */
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    /* eslint-enable @typescript-eslint/no-deprecated */
  };
}

/** Resources of our campaign type that CloudFormation shows `CREATE_IN_PROGRESS` (a crowd, for the turns). */
export function creatingResources(logicalIds: readonly string[]): StackResourceSummary[] {
  return logicalIds.map((logicalId) => ({
    LogicalResourceId: logicalId,
    ResourceType: RESOURCE_TYPE,
    ResourceStatus: 'CREATE_IN_PROGRESS',
    LastUpdatedTimestamp: new Date(),
  }));
}
