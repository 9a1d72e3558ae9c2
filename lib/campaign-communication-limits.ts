import { ArnFormat, CfnResource, CustomResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { aws_connectcampaignsv2 as campaignRefs } from 'aws-cdk-lib/interfaces';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { claim, claimantOf, ClaimTarget } from './claims';
import { CommunicationLimitsProvider } from './communication-limits-provider';
import { CommunicationLimitsResourceProperties, RESOURCE_TYPE } from './shared/contract';
import { CommunicationLimitTimeUnit, InstanceLimitsHandling } from './shared/enums';
import {
  checkCampaignId,
  checkCommunicationLimitCount,
  checkFrequency,
  checkInstanceLimitsHandling,
  checkMaxCountPerRecipient,
  checkSomethingToApply,
  checkUnit,
  InvalidPropertyError,
  RemovalPolicyValue,
} from './shared/rules';

/** One frequency cap: at most `maxCountPerRecipient` contacts per recipient in `frequency` units of time. */
export interface CommunicationLimit {
  /**
   * How many times one recipient may be contacted within the period. An integer of at least 1.
   */
  readonly maxCountPerRecipient: number;

  /**
   * The length of the period, in `unit`s. An integer from 1 to 30.
   */
  readonly frequency: number;

  /**
   * The unit of `frequency`.
   *
   * @default CommunicationLimitTimeUnit.DAY
   */
  readonly unit?: CommunicationLimitTimeUnit;
}

/** Properties of a `CampaignCommunicationLimits`. */
export interface CampaignCommunicationLimitsProps {
  /**
   * The id of the campaign, for a campaign created elsewhere (the console, another stack). May be a token.
   *
   * Give exactly one of `campaignId` and `campaign`.
   *
   * @default - none: `campaign` must be given
   */
  readonly campaignId?: string;

  /**
   * The campaign, for one defined in this app (for example a `CfnCampaign`). The id is taken from its ARN, and
   * the limits are applied after the campaign is created. Its own `communicationLimitsOverride` must stay unset.
   *
   * Give exactly one of `campaignId` and `campaign`.
   *
   * @default - none: `campaignId` must be given
   */
  readonly campaign?: campaignRefs.ICampaignRef;

  /**
   * The campaign's frequency caps, at most two (for example 3 contacts in 7 days, and 1 a day).
   *
   * @default - no frequency caps; `instanceLimitsHandling` must then be given
   */
  readonly communicationLimits?: CommunicationLimit[];

  /**
   * Whether the campaign also honours its instance's communication limits.
   *
   * @default - not set in the override; Connect's own default applies
   */
  readonly instanceLimitsHandling?: InstanceLimitsHandling;

  /**
   * What happens to the override when this resource is removed from the stack (or the stack is deleted):
   * `DESTROY` removes it from the campaign, `RETAIN` leaves it in place. Other policies are not supported.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long the logs of the stack's provider functions are kept. All `CampaignCommunicationLimits` of a stack
   * share the provider: give them the same value, or give it on one only.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Applies a communication limits override to an Amazon Connect outbound campaign (Connect Campaigns V2), and
 * removes it when the resource is deleted.
 *
 * Backed by a Lambda custom resource that calls `UpdateCampaignCommunicationLimits` on create and update and
 * `DeleteCampaignCommunicationLimits` on delete. Connect accepts changes only while a campaign is `Initialized`:
 * a change to a running campaign fails the deployment (and CloudFormation rolls back), while a delete or a rollback
 * that needs no change succeeds in any state.
 */
export class CampaignCommunicationLimits extends Construct {
  /** The id of the campaign. */
  public readonly campaignId: string;

  /** The ARN of the campaign. */
  public readonly campaignArn: string;

  constructor(scope: Construct, id: string, props: CampaignCommunicationLimitsProps) {
    super(scope, id);
    const { campaignId, campaignArn, claimTarget } = this.resolveCampaign(props);
    this.campaignId = campaignId;
    this.campaignArn = campaignArn;
    const properties = this.validated(() => toResourceProperties(props, campaignId));
    this.rejectSecondClaim(claimTarget);

    // Every check has passed: only now does this construct claim its campaign and add to the stack.
    const provider = CommunicationLimitsProvider.getOrCreate(this, props.logRetention);
    claim(this, claimTarget);
    provider.permissions.grantCampaign({
      campaignArn,
      campaignId,
      arnFollowsCampaign: props.campaign !== undefined,
      requester: this.node.path,
    });

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: { ...properties },
      // The provider framework answers within its own 15-minute timeout; never leave CloudFormation waiting an hour.
      serviceTimeout: Duration.minutes(16),
    });
    resource.node.addDependency(provider.permissions.policy);
    if (props.campaign) resource.node.addDependency(props.campaign);
  }

  /** The campaign's id and ARN, and the target this construct claims in the app. */
  private resolveCampaign(props: CampaignCommunicationLimitsProps): {
    campaignId: string;
    campaignArn: string;
    claimTarget: ClaimTarget;
  } {
    if ((props.campaignId === undefined) === (props.campaign === undefined)) {
      throw new Error(
        `${this.node.path}: give exactly one of campaignId and campaign; got ` + (props.campaign ? 'both' : 'neither'),
      );
    }
    if (props.campaign) {
      this.rejectOwnOverride(props.campaign);
      const campaignArn = props.campaign.campaignRef.campaignArn;
      const campaignId = this.validated(() => campaignIdFromArn(campaignArn));
      return { campaignId, campaignArn, claimTarget: campaignTarget(campaignId, props.campaign.node.path) };
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- given: exactly one of the two is, checked above
    const campaignId = props.campaignId!;
    if (!Token.isUnresolved(campaignId)) this.validated(() => checkCampaignId('campaignId', campaignId));
    const campaignArn = Stack.of(this).formatArn({
      service: 'connect-campaigns',
      resource: 'campaign',
      resourceName: campaignId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return { campaignId, campaignArn, claimTarget: campaignTarget(campaignId, this.node.path) };
  }

  /**
   * A `CfnCampaign` that sets its own `CommunicationLimitsOverride` would undo ours on its every update. Checked now,
   * and again at synth time, for an override set after this construct was created.
   */
  private rejectOwnOverride(campaign: campaignRefs.ICampaignRef): void {
    const problem = ownOverrideProblem(campaign);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    this.node.addValidation({ validate: () => [ownOverrideProblem(campaign)].filter((p) => p !== undefined) });
  }

  /** Rejects a second construct in the same app for the same campaign. */
  private rejectSecondClaim(target: ClaimTarget): void {
    const claimant = claimantOf(this, target);
    if (claimant !== undefined) {
      throw new Error(
        `${this.node.path}: campaign ${target.label} is already managed by ${claimant}; ` +
          'one campaign can have only one CampaignCommunicationLimits (they would undo each other)',
      );
    }
  }

  /** Runs a shared rule and prefixes its message with this construct's path, keeping the rule's error as cause. */
  private validated<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof InvalidPropertyError)
        throw new Error(`${this.node.path}: ${error.message}`, { cause: error });
      throw error;
    }
  }
}

/**
 * The claim on a campaign: by its id when it is known at synth time; a token id (a parameter, or the ARN of a
 * campaign of this app) is claimed under the path of the construct that names it.
 */
function campaignTarget(campaignId: string, namedBy: string): ClaimTarget {
  return Token.isUnresolved(campaignId)
    ? { kind: 'campaign', key: `construct:${namedBy}`, label: namedBy }
    : { kind: 'campaign', key: `id:${campaignId}`, label: campaignId };
}

/** Why a campaign cannot be managed here: it is a `CfnCampaign` with its own `communicationLimitsOverride`. */
function ownOverrideProblem(campaign: campaignRefs.ICampaignRef): string | undefined {
  if (!CfnResource.isCfnResource(campaign) || campaign.cfnResourceType !== 'AWS::ConnectCampaignsV2::Campaign') {
    return undefined;
  }
  const override = (campaign as CfnResource & { communicationLimitsOverride?: unknown }).communicationLimitsOverride;
  if (override === undefined) return undefined;
  return (
    `campaign ${campaign.node.path} sets its own communicationLimitsOverride; remove it there, or do not manage ` +
    'its limits with CampaignCommunicationLimits (two owners would undo each other)'
  );
}

/**
 * Builds the custom resource's properties through the handler's own type, checking every value that is known at
 * synth time with the handler's own rules. Tokens are left for the handler to check at deploy time.
 */
function toResourceProperties(
  props: CampaignCommunicationLimitsProps,
  campaignId: string,
): CommunicationLimitsResourceProperties {
  const limits = props.communicationLimits ?? [];
  checkCommunicationLimitCount('communicationLimits', limits.length);
  // A token is checked by the handler at deploy time; anything else (a missing value too) is checked now.
  const known = (value: unknown): boolean => !Token.isUnresolved(value);

  const communicationLimits = limits.map((limit, index) => {
    const field = `communicationLimits[${index}]`;
    const unit = limit.unit ?? CommunicationLimitTimeUnit.DAY;
    if (known(limit.maxCountPerRecipient)) {
      checkMaxCountPerRecipient(`${field}.maxCountPerRecipient`, limit.maxCountPerRecipient);
    }
    if (known(limit.frequency)) checkFrequency(`${field}.frequency`, limit.frequency);
    if (known(unit)) checkUnit(`${field}.unit`, unit);
    return { MaxCountPerRecipient: limit.maxCountPerRecipient, Frequency: limit.frequency, Unit: unit };
  });

  const handling = props.instanceLimitsHandling;
  if (handling !== undefined && known(handling)) checkInstanceLimitsHandling('instanceLimitsHandling', handling);
  checkSomethingToApply(limits.length, handling);

  return {
    CampaignId: campaignId,
    CommunicationLimits: communicationLimits.length > 0 ? communicationLimits : undefined,
    InstanceLimitsHandling: handling,
    RemovalPolicy: removalPolicyValue(props.removalPolicy),
  };
}

/**
 * The removal policy is a property that the handler reads, not the custom resource's CloudFormation `DeletionPolicy`
 * (which stays `Delete`). CloudFormation then sends every Delete and the handler decides: a replacement's cleanup
 * Delete, a rollback's Delete and the stack's own Delete all reach it, so it can tell them apart (another resource of
 * the stack may hold the campaign now) and always answer; and a change between the two reads in `cdk diff` as a
 * change of this resource's property.
 */
function removalPolicyValue(policy: RemovalPolicy | undefined): RemovalPolicyValue {
  switch (policy ?? RemovalPolicy.DESTROY) {
    case RemovalPolicy.DESTROY:
      return 'Destroy';
    case RemovalPolicy.RETAIN:
      return 'Retain';
    default:
      throw new InvalidPropertyError('removalPolicy', policy, 'RemovalPolicy.DESTROY or RemovalPolicy.RETAIN');
  }
}

/** `arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>` to `<id>`, for literal and token ARNs. */
function campaignIdFromArn(campaignArn: string): string {
  const marker = ':campaign/';
  if (!Token.isUnresolved(campaignArn)) {
    const at = campaignArn.indexOf(marker);
    if (at < 0) throw new InvalidPropertyError('campaign', campaignArn, 'a campaign ARN (…:campaign/<id>)');
    return checkCampaignId('campaign', campaignArn.slice(at + marker.length));
  }
  return Fn.select(1, Fn.split(marker, campaignArn));
}
