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
}

/** A copy of a stored campaign. */
export interface CampaignSnapshot {
  id: string;
  arn: string;
  name: string;
  connectInstanceId: string;
  state: CampaignState;
  communicationLimitsOverride?: CommunicationLimitsConfig;
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

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** A loopback address; default `127.0.0.1`. */
  host?: string;
  campaigns?: SeedCampaign[];
  faults?: FaultOptions;
  /** Called after each answered request. */
  onRequest?: (call: CallRecord) => void;
}
