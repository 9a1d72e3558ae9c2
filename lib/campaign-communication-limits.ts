import { ArnFormat, CfnResource, CustomResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { aws_connectcampaignsv2 as campaignRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { claim, ClaimTarget, environmentOfStack, secondClaimProblem, targetById, targetByPath } from './claims';
import {
  CommunicationLimitsLogProps,
  CommunicationLimitsProvider,
  providerLogOptions,
} from './communication-limits-provider';
import { CAMPAIGN_ARN_FORMAT, isArn, resolveCampaign } from './shared/campaign-arn';
import { removalPolicyValue, stackEnvironment, targetIdValue, toLimitProperties } from './property-values';
import { ATTRIBUTES, CommunicationLimitsResourceProperties, RESOURCE_TYPE } from './shared/contract';
import { CommunicationLimitTimeUnit, InstanceLimitsHandling } from './shared/enums';
import {
  checkCommunicationLimitCount,
  checkInstanceLimitsHandling,
  checkSomethingToApply,
  InvalidPropertyError,
  Problems,
} from './shared/rules';

/** One frequency cap: at most `maxCountPerRecipient` contacts per recipient in `frequency` units of time. */
export interface CommunicationLimit {
  /**
   * How many times one recipient may be contacted within the period. An integer from 1 to 2,147,483,647.
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
export interface CampaignCommunicationLimitsProps extends CommunicationLimitsLogProps {
  /**
   * The campaign's id or ARN, for a campaign created elsewhere (the console, another stack). May be a token (a
   * `CfnParameter` holding either). An ARN must be of the stack's partition, account and region (checked at synth
   * where the stack's environment is known, else by the handler at deploy time); its id goes to the Connect API, the
   * ARN to the handler's IAM policy.
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
  /**
   * The id of the campaign: the id given, or the id part of the ARN given. For a `campaignId` token (a `CfnParameter`,
   * which may hold an id or an ARN), the id the handler used (`Fn::GetAtt` of the resource's `CampaignId`).
   */
  public readonly campaignId: string;

  /** The ARN of the campaign (for a `campaignId` token, built from the id the handler used). */
  public readonly campaignArn: string;

  constructor(scope: Construct, id: string, props: CampaignCommunicationLimitsProps) {
    super(scope, id);
    // Every problem of this construct is reported at once, in one error with one line per problem.
    const problems = new Problems();
    const campaign = this.resolveCampaign(props, problems);
    const properties = toResourceProperties(props, campaign?.property ?? '', problems);
    const logOptions = providerLogOptions(props, problems);
    if (campaign)
      problems.add(
        secondClaimProblem(
          this,
          campaign.claimTarget,
          props.campaign ? 'campaign' : 'campaignId',
          props.campaign ? props.campaign.node.path : props.campaignId,
        ),
      );
    problems.throwIfAny(`${this.node.path}: `);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- no problem found: the campaign is resolved
    const { campaignId, campaignArn, claimTarget } = campaign!;

    // Every check has passed: only now does this construct claim its campaign and add to the stack.
    const provider = CommunicationLimitsProvider.getOrCreate(this, logOptions);
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

    // A token given to `campaignId` may hold an ARN: the handler answers with the id it used.
    const fromToken = props.campaignId !== undefined && Token.isUnresolved(props.campaignId);
    this.campaignId = fromToken ? resource.getAttString(ATTRIBUTES.campaignId) : campaignId;
    this.campaignArn = fromToken ? campaignArnOf(Stack.of(this), this.campaignId) : campaignArn;
  }

  /**
   * The campaign's id (for the API), the value of the `CampaignId` property (see `targetIdValue`), its ARN (for IAM)
   * and the target this construct claims in the app; undefined when a problem was found (and recorded).
   */
  private resolveCampaign(
    props: CampaignCommunicationLimitsProps,
    problems: Problems,
  ): { campaignId: string; property: string; campaignArn: string; claimTarget: ClaimTarget } | undefined {
    if ((props.campaignId === undefined) === (props.campaign === undefined)) {
      const given = props.campaign ? 'both' : 'neither';
      problems.add(new InvalidPropertyError('campaignId or campaign', given, 'given, one of the two'));
      return undefined;
    }
    const stack = Stack.of(this);
    const environment = stackEnvironment(stack);
    if (props.campaign) {
      if (!this.rejectOwnOverride(props.campaign, problems)) return undefined;
      const campaignArn = props.campaign.campaignRef.campaignArn;
      if (Token.isUnresolved(campaignArn)) {
        // The ARN of a campaign of this app: its id is the part after `:campaign/`.
        const campaignId = Fn.select(1, Fn.split(':campaign/', campaignArn));
        return {
          campaignId,
          property: campaignId,
          campaignArn,
          claimTarget: targetByPath('campaign', props.campaign.node.path),
        };
      }
      const parsed = problems.check(() => resolveCampaign('campaign', campaignArn, environment));
      if (!parsed) return undefined;
      if (!parsed.arn) {
        // A reference's campaignArn must be an ARN: an id alone would say nothing of the campaign's environment.
        problems.add(
          new InvalidPropertyError(
            'campaign',
            campaignArn,
            `a reference whose campaignArn is a campaign ARN (${CAMPAIGN_ARN_FORMAT})`,
          ),
        );
        return undefined;
      }
      return {
        campaignId: parsed.campaignId,
        property: targetIdValue(campaignArn, parsed.campaignId, environment),
        campaignArn,
        claimTarget: targetById('campaign', parsed.campaignId, parsed.arn),
      };
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- given: exactly one of the two is, checked above
    const given = props.campaignId!;
    // A token (a parameter) may hold an id or an ARN: the handler tells them apart at deploy time.
    if (Token.isUnresolved(given)) {
      return {
        campaignId: given,
        property: given,
        campaignArn: campaignArnOf(stack, given),
        claimTarget: targetByPath('campaign', this.node.path),
      };
    }
    const parsed = problems.check(() => resolveCampaign('campaignId', given, environment));
    if (!parsed) return undefined;
    return {
      campaignId: parsed.campaignId,
      property: targetIdValue(given, parsed.campaignId, environment),
      campaignArn: isArn(given) ? given : campaignArnOf(stack, parsed.campaignId),
      claimTarget: targetById('campaign', parsed.campaignId, parsed.arn ?? environmentOfStack(stack)),
    };
  }

  /**
   * A `CfnCampaign` that sets its own `CommunicationLimitsOverride` would undo ours on its every update. Checked now,
   * and again at synth time, for an override set after this construct was created. False when a problem was found.
   */
  private rejectOwnOverride(campaign: campaignRefs.ICampaignRef, problems: Problems): boolean {
    const problem = ownOverrideProblem(campaign);
    if (problem) {
      problems.add(problem);
      return false;
    }
    this.node.addValidation({
      // CDK prefixes each message with the construct's path.
      validate: () => [ownOverrideProblem(campaign)].flatMap((p) => (p ? [p.message] : [])),
    });
    return true;
  }
}

/** Why a campaign cannot be managed here: it is a `CfnCampaign` with its own `communicationLimitsOverride`. */
function ownOverrideProblem(campaign: campaignRefs.ICampaignRef): InvalidPropertyError | undefined {
  if (!CfnResource.isCfnResource(campaign) || campaign.cfnResourceType !== 'AWS::ConnectCampaignsV2::Campaign') {
    return undefined;
  }
  const override = (campaign as CfnResource & { communicationLimitsOverride?: unknown }).communicationLimitsOverride;
  if (override === undefined) return undefined;
  return new InvalidPropertyError(
    `campaign (${campaign.node.path}).communicationLimitsOverride`,
    Stack.of(campaign).resolve(override),
    'unset: remove it there, or do not manage its limits with CampaignCommunicationLimits (two owners would undo each other)',
  );
}

/**
 * Builds the custom resource's properties through the handler's own type, checking every value that is known at
 * synth time with the handler's own rules. Tokens are left for the handler to check at deploy time.
 */
function toResourceProperties(
  props: CampaignCommunicationLimitsProps,
  campaignId: string,
  problems: Problems,
): CommunicationLimitsResourceProperties {
  const limits = props.communicationLimits ?? [];
  problems.check(() => checkCommunicationLimitCount('communicationLimits', limits.length));
  const communicationLimits = toLimitProperties(limits, problems);
  const known = (value: unknown): boolean => !Token.isUnresolved(value);

  const handling = props.instanceLimitsHandling;
  if (handling !== undefined && known(handling)) {
    problems.check(() => checkInstanceLimitsHandling('instanceLimitsHandling', handling));
  }
  problems.check(() => checkSomethingToApply(props.communicationLimits, handling));

  return {
    CampaignId: campaignId,
    CommunicationLimits: communicationLimits.length > 0 ? communicationLimits : undefined,
    InstanceLimitsHandling: handling,
    RemovalPolicy: problems.check(() => removalPolicyValue(props.removalPolicy)) ?? 'Destroy',
  };
}

/** The ARN of a campaign of the stack's partition, account and region. */
function campaignArnOf(stack: Stack, campaignId: string): string {
  return stack.formatArn({
    service: 'connect-campaigns',
    resource: 'campaign',
    resourceName: campaignId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
