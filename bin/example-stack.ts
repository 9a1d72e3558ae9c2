/**
 * The example app's stack, importable without running the app (tests apply cdk-nag to it).
 */
import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CampaignCommunicationLimits,
  CommunicationLimit,
  CommunicationLimitTimeUnit,
  InstanceLimitsHandling,
} from '../lib';

/** A placeholder: synth works offline with it; deploy with the id of a real campaign in your account. */
export const PLACEHOLDER_CAMPAIGN_ID = '00000000-0000-0000-0000-000000000000';

export interface CampaignLimitsExampleStackProps extends StackProps {
  /** The id of a campaign created elsewhere. */
  readonly campaignId: string;
  /** The limits; by default 3 contacts in 7 days and 1 a day. */
  readonly communicationLimits?: CommunicationLimit[];
}

/** Communication limits on one campaign created elsewhere. */
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
  }
}
