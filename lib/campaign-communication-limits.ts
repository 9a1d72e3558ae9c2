import { ArnFormat, CfnResource, CustomResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { aws_connectcampaignsv2 as campaignRefs } from 'aws-cdk-lib/interfaces';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { CommunicationLimitsProvider } from './communication-limits-provider';
import { CommunicationLimitsResourceProperties, RESOURCE_TYPE } from './shared/contract';
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

/** The time unit of a communication limit's frequency. */
export enum CommunicationLimitTimeUnit {
  /** Days: the only unit Connect supports. */
  DAY = 'DAY',
}

/** Whether the campaign also honours the communication limits set on its Amazon Connect instance. */
export enum InstanceLimitsHandling {
  /** The campaign honours the instance's limits as well as its own. */
  OPT_IN = 'OPT_IN',
  /** The campaign ignores the instance's limits. */
  OPT_OUT = 'OPT_OUT',
}

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

/** Which construct claimed which campaign, per app, to reject two owners of one campaign's override. */
const CLAIMED_CAMPAIGNS = new WeakMap<IConstruct, Map<string, string>>();

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
    const { campaignId, campaignArn, claimKey } = this.resolveCampaign(props);
    this.campaignId = campaignId;
    this.campaignArn = campaignArn;
    const properties = this.validated(() => toResourceProperties(props, campaignId));
    const claims = this.claimsOfApp();
    this.rejectSecondManager(claims, claimKey);

    // Every check has passed: only now does this construct claim its campaign and add to the stack.
    const provider = CommunicationLimitsProvider.getOrCreate(this, props.logRetention);
    claims.set(claimKey, this.node.path);
    if (props.campaign) {
      // The ARN of a campaign in this app changes only with the campaign itself, which then goes away too.
      provider.permissions.grantCampaign(campaignArn, Token.isUnresolved(campaignId) ? undefined : campaignId.length);
    } else if (Token.isUnresolved(campaignId)) {
      provider.permissions.grantAllCampaigns(`${this.node.path} takes its campaignId from a token`);
    } else {
      provider.permissions.grantCampaign(campaignArn, campaignId.length);
    }

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

  /** The campaign's id and ARN, and the key under which this construct claims it in the app. */
  private resolveCampaign(props: CampaignCommunicationLimitsProps): {
    campaignId: string;
    campaignArn: string;
    claimKey: string;
  } {
    if ((props.campaignId === undefined) === (props.campaign === undefined)) {
      throw new Error(
        `${this.node.path}: give exactly one of campaignId and campaign; got ` + (props.campaign ? 'both' : 'neither'),
      );
    }
    if (props.campaign) {
      this.rejectSecondOwner(props.campaign);
      const campaignArn = props.campaign.campaignRef.campaignArn;
      const campaignId = this.validated(() => campaignIdFromArn(campaignArn));
      const claimKey = Token.isUnresolved(campaignId) ? `construct:${props.campaign.node.path}` : `id:${campaignId}`;
      return { campaignId, campaignArn, claimKey };
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
    // A token id cannot be compared at synth time: it is claimed under this construct's own path.
    return {
      campaignId,
      campaignArn,
      claimKey: Token.isUnresolved(campaignId) ? `construct:${this.node.path}` : `id:${campaignId}`,
    };
  }

  /**
   * A `CfnCampaign` that sets its own `CommunicationLimitsOverride` would undo ours on its every update. Checked now,
   * and again at synth time, for an override set after this construct was created.
   */
  private rejectSecondOwner(campaign: campaignRefs.ICampaignRef): void {
    const problem = secondOwnerProblem(campaign);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    this.node.addValidation({ validate: () => [secondOwnerProblem(campaign)].filter((p) => p !== undefined) });
  }

  /** Which construct manages which campaign in this app. */
  private claimsOfApp(): Map<string, string> {
    const root = this.node.root;
    const claims = CLAIMED_CAMPAIGNS.get(root) ?? new Map<string, string>();
    CLAIMED_CAMPAIGNS.set(root, claims);
    return claims;
  }

  /** Rejects a second construct in the same app for the same campaign. */
  private rejectSecondManager(claims: Map<string, string>, key: string): void {
    const owner = claims.get(key);
    if (owner !== undefined) {
      throw new Error(
        `${this.node.path}: campaign ${key.replace(/^\w+:/, '')} is already managed by ${owner}; ` +
          'one campaign can have only one CampaignCommunicationLimits (they would undo each other)',
      );
    }
  }

  /** Runs a shared rule and prefixes its message with this construct's path. */
  private validated<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof InvalidPropertyError) throw new Error(`${this.node.path}: ${error.message}`);
      throw error;
    }
  }
}

/** Why a campaign cannot be managed here: it is a `CfnCampaign` with its own `communicationLimitsOverride`. */
function secondOwnerProblem(campaign: campaignRefs.ICampaignRef): string | undefined {
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
