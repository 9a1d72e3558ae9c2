/**
 * A loopback HTTP emulator of the Amazon Connect Campaigns V2 operations this project uses
 * (communication limits, DescribeCampaign, GetCampaignState), with fault injection and a call record.
 * Point the SDK at `emulator.url` (client `endpoint`, or `AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2`).
 */
export { ConnectCampaignsEmulator, startEmulator } from './server';
export { accessKeyIdOf, signingRegionOf } from './authorization';
export { campaignArn, DEFAULT_CONNECT_INSTANCE_ID } from './store';
export type { ArnLocation } from './store';
export { CAMPAIGN_STATES, OPERATIONS } from './types';
export type {
  AuthorizationDecision,
  AuthorizationRequest,
  CallFilter,
  CallRecord,
  CampaignSnapshot,
  CampaignState,
  CommunicationLimit,
  CommunicationLimits,
  CommunicationLimitsConfig,
  EmulatorOptions,
  ErrorType,
  FailNextSpec,
  FaultOptions,
  HoldSpec,
  InjectableError,
  InstanceCommunicationLimitsConfig,
  OperationName,
  SeedCampaign,
} from './types';
