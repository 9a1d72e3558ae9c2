/**
 * The contract between the construct (which writes the custom resource's properties into the template) and the
 * Lambda handler (which reads them back from the CloudFormation event). Both sides import these types, so a
 * renamed or retyped field breaks the build instead of a deployment.
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */
import type { RemovalPolicyValue } from './rules';

/** The CloudFormation resource type of the custom resource. */
export const RESOURCE_TYPE = 'Custom::ConnectCampaignCommunicationLimits';

/** One frequency cap, one field per value so that `cdk diff` shows a change as one short line. */
export interface CommunicationLimitProperties<N> {
  readonly MaxCountPerRecipient: N;
  readonly Frequency: N;
  readonly Unit: string;
}

/**
 * The custom resource's properties (besides `ServiceToken`). `N` is the type of a number: `number` in the
 * template the construct writes, `string` in the event the handler receives, because CloudFormation delivers
 * every property value as a string.
 */
export interface CommunicationLimitsResourceProperties<N = number> {
  /** The campaign whose override this resource owns; also the physical resource id. */
  readonly CampaignId: string;
  /** Absent when the override sets no frequency caps. */
  readonly CommunicationLimits?: ReadonlyArray<CommunicationLimitProperties<N>>;
  /** Absent when the override leaves the instance-limits handling unset. */
  readonly InstanceLimitsHandling?: string;
  /** What a Delete does: remove the override (`Destroy`) or leave it on the campaign (`Retain`). */
  readonly RemovalPolicy: RemovalPolicyValue;
}

/** The properties as CloudFormation delivers them to the handler. */
export type DeliveredResourceProperties = CommunicationLimitsResourceProperties<string> & {
  readonly ServiceToken?: string;
};

/** Attribute names the handler returns in `Data` (readable with `Fn::GetAtt`). */
export const ATTRIBUTES = {
  campaignId: 'CampaignId',
} as const;
