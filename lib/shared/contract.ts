/**
 * The contract between the construct (which writes the custom resource's properties into the template) and the
 * Lambda handler (which reads them back from the CloudFormation event). Both sides import these types, so a
 * renamed or retyped field breaks the build instead of a deployment.
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */
import type { RemovalPolicyValue } from './rules';

/** The CloudFormation resource type of the campaign custom resource (`CampaignCommunicationLimits`). */
export const RESOURCE_TYPE = 'Custom::ConnectCampaignCommunicationLimits';

/** The CloudFormation resource type of the instance custom resource (`InstanceCommunicationLimits`). */
export const INSTANCE_RESOURCE_TYPE = 'Custom::ConnectInstanceCommunicationLimits';

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

/** The instance custom resource's properties (besides `ServiceToken`); `N` as above. */
export interface InstanceCommunicationLimitsResourceProperties<N = number> {
  /**
   * The Amazon Connect instance whose limits this resource owns: its id, or (when the construct got a token) its id
   * or its ARN, which the handler reduces to the id. The id is also the physical resource id.
   */
  readonly ConnectInstanceId: string;
  /** The instance's frequency caps: 1 or 2. */
  readonly CommunicationLimits: ReadonlyArray<CommunicationLimitProperties<N>>;
  /** What a Delete does: reset the instance to no limits (`Destroy`) or leave them (`Retain`). */
  readonly RemovalPolicy: RemovalPolicyValue;
}

/** The instance properties as CloudFormation delivers them to the handler. */
export type DeliveredInstanceResourceProperties = InstanceCommunicationLimitsResourceProperties<string> & {
  readonly ServiceToken?: string;
};

/** Attribute names the handler returns in `Data` (readable with `Fn::GetAtt`). */
export const ATTRIBUTES = {
  campaignId: 'CampaignId',
  connectInstanceId: 'ConnectInstanceId',
} as const;
