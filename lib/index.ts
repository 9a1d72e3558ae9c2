export {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimit,
  CommunicationLimitTimeUnit,
  InstanceLimitsHandling,
} from './campaign-communication-limits';
