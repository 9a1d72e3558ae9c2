export {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimit,
} from './campaign-communication-limits';
export { CommunicationLimitTimeUnit, InstanceLimitsHandling } from './shared/enums';
