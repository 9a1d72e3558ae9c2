/** Public types of the Connect Campaigns V2 emulator (JSON shapes follow the service model). */

/** Campaign states, as in the model's CampaignState enum. */
export const CAMPAIGN_STATES = ['Initialized', 'Running', 'Paused', 'Stopped', 'Failed', 'Completed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** The operations the emulator serves. */
export const OPERATIONS = [
  'UpdateCampaignCommunicationLimits',
  'DeleteCampaignCommunicationLimits',
  'DescribeCampaign',
  'GetCampaignState',
  'PutInstanceCommunicationLimits',
  'GetInstanceCommunicationLimits',
  'TagResource',
  'UntagResource',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** Errors the emulator answers with (restJson1 `x-amzn-ErrorType`). */
export type ErrorType =
  | 'ValidationException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'InvalidCampaignStateException'
  | 'ThrottlingException'
  | 'InternalServerException'
  | 'UnknownOperationException';

/** Errors that can be queued with `failNext`. */
export type InjectableError = Exclude<ErrorType, 'UnknownOperationException'>;

export interface CommunicationLimit {
  maxCountPerRecipient: number;
  frequency: number;
  unit: 'DAY';
}

/** Union `CommunicationLimits`; its only member today is `communicationLimitsList`. */
export interface CommunicationLimits {
  communicationLimitsList: CommunicationLimit[];
}

export interface CommunicationLimitsConfig {
  allChannelSubtypes?: CommunicationLimits;
  instanceLimitsHandling?: 'OPT_IN' | 'OPT_OUT';
}

export interface InstanceCommunicationLimitsConfig {
  allChannelSubtypes?: CommunicationLimits;
}

/** A campaign to create in the emulator's memory. */
export interface SeedCampaign {
  id: string;
  /** Default `Initialized`. */
  state?: CampaignState;
  /** Default `campaign-<id>`. */
  name?: string;
  /** Default {@link DEFAULT_CONNECT_INSTANCE_ID}. */
  connectInstanceId?: string;
  communicationLimitsOverride?: CommunicationLimitsConfig;
  tags?: Record<string, string>;
}

/** A copy of a stored campaign. */
export interface CampaignSnapshot {
  id: string;
  arn: string;
  name: string;
  connectInstanceId: string;
  state: CampaignState;
  communicationLimitsOverride?: CommunicationLimitsConfig;
  /** The campaign's tags (the model's `TagMap`), absent when it has none. */
  tags?: Record<string, string>;
}

/** Random and rate faults. `setFaults` replaces the whole set; omitted members are off. */
export interface FaultOptions {
  /** Token bucket shared by all operations; an over-rate request gets 429 and consumes no token. */
  throttle?: { ratePerSecond: number; burst?: number };
  /** Probability (0..1) of a 500 InternalServerException, for every operation. */
  serverErrorRatio?: number;
  /** Probability (0..1) of a 409 ConflictException, for the mutating operations. */
  conflictRatio?: number;
  /** Delay before each answer. */
  latencyMs?: number;
  /** Seed of the PRNG behind the ratios (default 1): the same seed gives the same fault sequence. */
  seed?: number;
}

/** Queue an error for the next `count` calls that match `operation` and `campaignId` (when given). */
export interface FailNextSpec {
  error: InjectableError;
  operation?: OperationName;
  campaignId?: string;
  /** Default 1. */
  count?: number;
  message?: string;
  /** `state` member of an InvalidCampaignStateException (default `Running`). */
  state?: CampaignState;
}

/** A call to hold in flight (see `holdNext`). */
export interface HoldSpec {
  operation?: OperationName;
  campaignId?: string;
  /** How long the call waits, after IAM let it through, before the service applies it. */
  ms: number;
}

/** One answered request. */
export interface CallRecord {
  operation: OperationName | 'UnknownOperation';
  method: string;
  path: string;
  campaignId?: string;
  connectInstanceId?: string;
  status: number;
  errorType?: ErrorType;
  requestId: string;
  /** When the request arrived. */
  time: Date;
}

/** Criteria for `countCalls`; all given members must match. */
export interface CallFilter {
  operation?: CallRecord['operation'];
  campaignId?: string;
  connectInstanceId?: string;
  status?: number;
  errorType?: ErrorType;
  outcome?: 'success' | 'error';
}

/** What the emulator asks its authorizer before it serves a request. */
export interface AuthorizationRequest {
  /** The access key id of the request's SigV4 signature (`Credential=<id>/...`); undefined for an unsigned request. */
  accessKeyId?: string;
  /** `connect-campaigns:<operation>`, e.g. `connect-campaigns:UpdateCampaignCommunicationLimits`. */
  action: `connect-campaigns:${OperationName}`;
  /**
   * For a campaign operation, the campaign's ARN, `arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>`
   * (region: the signature's, else the emulator's `region`; account: the emulator's `accountId`). For the instance
   * operations, `*` (taken to have no resource type, so only `"Resource": "*"` grants them).
   */
  resource: string;
  operation: OperationName;
}

/**
 * The authorizer's answer: whether the call is allowed; optionally who the caller is (the ARN the AccessDenied
 * message names, e.g. `arn:aws:sts::123456789012:assumed-role/<role>/<session>`) and whether an explicit deny said no.
 */
export type AuthorizationDecision = boolean | { allowed: boolean; principalArn?: string; explicitDeny?: boolean };

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** A loopback address; default `127.0.0.1`. */
  host?: string;
  campaigns?: SeedCampaign[];
  /**
   * The Connect instances set up for outbound campaigns. When given, the instance operations on any other instance id
   * answer 404 ResourceNotFoundException (assumed: the API reference lists ResourceNotFoundException for these
   * operations but does not say which error an instance that exists but is not set up for outbound campaigns gets).
   * Default: every instance id is known.
   */
  instances?: string[];
  faults?: FaultOptions;
  /** Called after each answered request. */
  onRequest?: (call: CallRecord) => void;
  /**
   * Asked before every request is served (before faults and validation); a denied request is answered 403
   * AccessDeniedException with IAM's message and changes nothing. Default: everything is allowed.
   */
  authorize?: (request: AuthorizationRequest) => AuthorizationDecision;
  /** The account of the campaigns' ARNs. Default `123456789012`. */
  accountId?: string;
  /** The region of the seeded campaigns' ARNs, and of authorized ARNs when a request is unsigned. Default `us-east-1`. */
  region?: string;
}
