import { createHash } from 'node:crypto';
import { Annotations, ArnFormat, Aws, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addNagSuppressions, CAMPAIGN_WILDCARD, METRIC_WILDCARD } from './nag-suppressions';

/** The connect-campaigns actions the handler calls, and nothing else. */
export const HANDLER_ACTIONS = [
  'connect-campaigns:UpdateCampaignCommunicationLimits',
  'connect-campaigns:DeleteCampaignCommunicationLimits',
  'connect-campaigns:DescribeCampaign',
  // The owner tags (lambda/ownership.ts); the same resource type, `campaign`, as the actions above.
  'connect-campaigns:TagResource',
  'connect-campaigns:UntagResource',
] as const;

/**
 * The largest policy document this construct writes, in characters. IAM allows 10,240 for all inline policies of
 * one role together, and while the set of campaigns changes the role holds the old and the new policy at once
 * (see `CampaignPermissions`), so one policy must stay under half of that, with room to spare.
 */
export const POLICY_SIZE_BUDGET = 4_500;

/**
 * What the handler reads of its own stack: whether it is rolling back or being deleted, and which resource manages
 * a campaign now (see lambda/lifecycle.ts). Granted on this stack only.
 */
export const STACK_ACTIONS = [
  'cloudformation:DescribeStacks',
  'cloudformation:ListStackResources',
  'cloudformation:DescribeStackResource',
] as const;

/** A campaign the handler must be allowed to act on (see `CampaignPermissions.grantCampaign`). */
export interface CampaignGrant {
  readonly campaignArn: string;
  readonly campaignId: string;
  /** The ARN is that of a campaign resource in this app (its `campaignRef`). */
  readonly arnFollowsCampaign: boolean;
  /** The path of the construct that needs the grant, for the synth-time note. */
  readonly requester: string;
}

/** Worst-case lengths of what a template leaves to deploy time. */
const ASSUMED = { partition: 10 /* aws-us-gov */, region: 14, account: 12, campaignId: 36 /* a UUID */ };
/** `arn:<partition>:cloudformation:<region>:<account>:stack/<name, up to 128>/<uuid>`, at its longest. */
const ASSUMED_STACK_ID_LENGTH = 229;
/**
 * What the scheduled drift check adds (see `CommunicationLimitsDriftCheck`): the campaign's state (read only when its
 * override differs), the deployed template, and the metric, in its own namespace only.
 */
export const DRIFT_CHECK_CAMPAIGN_ACTIONS = ['connect-campaigns:GetCampaignState'] as const;
export const DRIFT_CHECK_STACK_ACTIONS = ['cloudformation:GetTemplate'] as const;
export const DRIFT_CHECK_METRIC_ACTIONS = ['cloudwatch:PutMetricData'] as const;
/** The metric statement's syntax, its condition and namespace. */
const METRIC_STATEMENT_LENGTH = 160;

/** The policy document without campaign ARNs: the syntax of its statements, the actions and the stack id. */
function documentOverhead(actions: readonly string[], driftCheck: boolean): number {
  return (
    140 +
    actions.reduce((sum, action) => sum + action.length + 3, 0) +
    ASSUMED_STACK_ID_LENGTH +
    (driftCheck ? METRIC_STATEMENT_LENGTH : 0)
  );
}

/**
 * The handler role's permissions: on the stack's campaigns, and to read the stack itself. One inline policy for all
 * campaigns, listing each campaign's ARN until the document would pass `POLICY_SIZE_BUDGET`, then one wildcard for
 * the campaigns of the stack's account and region (with a synth-time warning). The wildcard is also used when a
 * campaign id is a token (a parameter, say): its value can change at deploy time while the template stays the
 * same, and the old campaign's cleanup Delete would then find its permission already gone.
 *
 * The policy's logical id and name are derived from its content. When a resource moves to another campaign,
 * CloudFormation creates the new policy first, updates the resource, and only in its cleanup phase deletes the old
 * resource (whose Delete removes the old campaign's override) and then the old policy, which the old resource
 * depended on. So the permission for a campaign lives until the last request that needs it.
 */
export class CampaignPermissions extends Construct {
  /** The policy that every custom resource depends on, so that it is deleted after them. */
  public readonly policy: iam.CfnPolicy;

  /** Each campaign ARN, keyed by its resolved form so that the same ARN is listed once. */
  private readonly campaigns = new Map<string, { readonly arn: string; readonly estimatedLength: number }>();
  private wildcard = false;
  /** The metric namespace the drift check publishes in, once the stack has one. */
  private driftCheckNamespace?: string;

  constructor(scope: Construct, id: string, role: iam.IRole) {
    super(scope, id);
    const stack = Stack.of(this);
    this.policy = new iam.CfnPolicy(this, 'Policy', {
      policyName: Lazy.string({ produce: () => `ConnectCampaignLimits-${this.contentHash()}` }),
      roles: [role.roleName],
      policyDocument: Lazy.any({ produce: () => this.document() }),
    });
    this.policy.overrideLogicalId(
      Lazy.string({ produce: () => `${stack.getLogicalId(this.policy)}${this.contentHash()}` }),
    );
  }

  /**
   * Grants the handler access to one campaign: by its ARN, or by the account and region wildcard when the id is a
   * token that may name another campaign on a later deploy while the template stays the same (a `CfnParameter`, say).
   * `arnFollowsCampaign` says the ARN belongs to a campaign resource of this app: it then changes only with that
   * campaign, which goes away with it, so it is listed even when it is a token.
   */
  public grantCampaign(grant: CampaignGrant): void {
    const idKnown = !Token.isUnresolved(grant.campaignId);
    if (!idKnown && !grant.arnFollowsCampaign) {
      this.grantAllCampaigns(`${grant.requester} takes its campaignId from a token`);
      return;
    }
    // arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>
    const estimatedLength =
      45 +
      ASSUMED.partition +
      ASSUMED.region +
      ASSUMED.account +
      (idKnown ? grant.campaignId.length : ASSUMED.campaignId);
    this.campaigns.set(JSON.stringify(Stack.of(this).resolve(grant.campaignArn)), {
      arn: grant.campaignArn,
      estimatedLength,
    });
    this.keepWithinBudget();
  }

  /**
   * Grants what the scheduled drift check reads besides what the lifecycle reads (the campaigns' states and the
   * deployed template) and `cloudwatch:PutMetricData` in `metricNamespace` only.
   */
  public grantDriftCheck(metricNamespace: string): void {
    this.driftCheckNamespace = metricNamespace;
    addNagSuppressions(this.policy, [METRIC_WILDCARD]);
    this.keepWithinBudget();
  }

  private keepWithinBudget(): void {
    if (!this.wildcard && this.estimatedSize() > POLICY_SIZE_BUDGET) {
      this.useWildcard();
      Annotations.of(this).addWarningV2(
        'cdk-connect-campaign-limits:policyWildcard',
        `More than ${this.campaigns.size - 1} campaigns would make the handler's policy larger than ${POLICY_SIZE_BUDGET} characters ` +
          `(IAM allows 10,240 per role): it grants access to every campaign of this account and region instead.`,
      );
    }
  }

  /** Grants the handler access to every campaign of the stack's account and region. */
  private grantAllCampaigns(reason: string): void {
    if (this.wildcard) return;
    this.useWildcard();
    Annotations.of(this).addInfo(
      `The handler may call its connect-campaigns actions on every campaign of this account and region: ${reason}`,
    );
  }

  private useWildcard(): void {
    this.wildcard = true;
    addNagSuppressions(this.policy, [CAMPAIGN_WILDCARD]);
  }

  private estimatedSize(): number {
    return [...this.campaigns.values()].reduce(
      (sum, { estimatedLength }) => sum + estimatedLength + 3,
      documentOverhead([...this.campaignActions(), ...this.stackActions()], this.driftCheckNamespace !== undefined),
    );
  }

  private resources(): string[] {
    if (this.wildcard) {
      return [
        Stack.of(this).formatArn({
          service: 'connect-campaigns',
          resource: 'campaign',
          resourceName: '*',
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ];
    }
    // Sorted, so that the order of the constructs does not change the policy (nor its hash).
    return [...this.campaigns.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, { arn }]) => arn);
  }

  private campaignActions(): string[] {
    return [...HANDLER_ACTIONS, ...(this.driftCheckNamespace ? DRIFT_CHECK_CAMPAIGN_ACTIONS : [])];
  }

  private stackActions(): string[] {
    return [...STACK_ACTIONS, ...(this.driftCheckNamespace ? DRIFT_CHECK_STACK_ACTIONS : [])];
  }

  private document(): unknown {
    const namespace = this.driftCheckNamespace;
    const resources = this.resources();
    return new iam.PolicyDocument({
      statements: [
        // A stack with instance constructs only has no campaign to grant: the policy then reads the stack only.
        ...(resources.length > 0 ? [new iam.PolicyStatement({ actions: this.campaignActions(), resources })] : []),
        new iam.PolicyStatement({ actions: this.stackActions(), resources: [Aws.STACK_ID] }),
        ...(namespace
          ? [
              // PutMetricData has no resource type: it is scoped by its namespace.
              new iam.PolicyStatement({
                actions: [...DRIFT_CHECK_METRIC_ACTIONS],
                resources: ['*'],
                conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
              }),
            ]
          : []),
      ],
    }).toJSON();
  }

  /** A hash of the campaign resources only: the rest of the document never changes. */
  private contentHash(): string {
    const resolved = JSON.stringify(Stack.of(this).resolve(this.resources()));
    return createHash('sha256').update(resolved).digest('hex').slice(0, 8).toUpperCase();
  }
}
