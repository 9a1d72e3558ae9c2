/**
 * The example app's stack, importable without running the app (tests apply cdk-nag to it).
 */
import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CampaignCommunicationLimits,
  CommunicationLimit,
  CommunicationLimitTimeUnit,
  InstanceCommunicationLimits,
  InstanceLimitsHandling,
} from '../lib';

/** A placeholder: synth works offline with it; deploy with the id of a real campaign in your account. */
export const PLACEHOLDER_CAMPAIGN_ID = '00000000-0000-0000-0000-000000000000';

export interface CampaignLimitsExampleStackProps extends StackProps {
  /** The id of a campaign created elsewhere. */
  readonly campaignId: string;
  /** The limits; by default 3 contacts in 7 days and 1 a day. */
  readonly communicationLimits?: CommunicationLimit[];
  /**
   * The campaign's Amazon Connect instance, to set its own limits too (which the campaign opts in to); by default
   * the instance's limits are not managed here.
   */
  readonly connectInstanceId?: string;
  /** The instance's limits; by default 5 contacts in 7 days and 2 a day. */
  readonly instanceCommunicationLimits?: CommunicationLimit[];
}

/** Communication limits on one campaign created elsewhere, and optionally on its instance. */
export class CampaignLimitsExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: CampaignLimitsExampleStackProps) {
    super(scope, id, props);
    new CampaignCommunicationLimits(this, 'OutreachLimits', {
      campaignId: props.campaignId,
      communicationLimits: props.communicationLimits ?? [
        { maxCountPerRecipient: 3, frequency: 7, unit: CommunicationLimitTimeUnit.DAY },
        { maxCountPerRecipient: 1, frequency: 1 },
      ],
      instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (props.connectInstanceId !== undefined) {
      new InstanceCommunicationLimits(this, 'ContactCentreLimits', {
        connectInstanceId: props.connectInstanceId,
        communicationLimits: props.instanceCommunicationLimits ?? [
          { maxCountPerRecipient: 5, frequency: 7 },
          { maxCountPerRecipient: 2, frequency: 1 },
        ],
      });
    }
  }
}
