export {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimit,
} from './campaign-communication-limits';
export { InstanceCommunicationLimits, InstanceCommunicationLimitsProps } from './instance-communication-limits';
export { CommunicationLimitTimeUnit, InstanceLimitsHandling } from './shared/enums';
export { CommunicationLimitsDriftCheck, CommunicationLimitsDriftCheckProps } from './communication-limits-drift-check';
export { CommunicationLimitsLogProps } from './communication-limits-provider';
