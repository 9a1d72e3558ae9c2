export {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimit,
} from './campaign-communication-limits';
export { CommunicationLimitTimeUnit, InstanceLimitsHandling } from './shared/enums';
export { CommunicationLimitsDriftCheck, CommunicationLimitsDriftCheckProps } from './communication-limits-drift-check';
