import { createHash } from 'node:crypto';
import { Annotations, ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addNagSuppressions, CAMPAIGN_WILDCARD } from './nag-suppressions';

/** The connect-campaigns actions the handler calls, and nothing else. */
export const HANDLER_ACTIONS = [
  'connect-campaigns:UpdateCampaignCommunicationLimits',
  'connect-campaigns:DeleteCampaignCommunicationLimits',
  'connect-campaigns:DescribeCampaign',
] as const;

/**
 * The largest policy document this construct writes, in characters. IAM allows 10,240 for all inline policies of
 * one role together, and while the set of campaigns changes the role holds the old and the new policy at once
 * (see `CampaignPermissions`), so one policy must stay under half of that, with room to spare.
 */
export const POLICY_SIZE_BUDGET = 4_500;

/** Worst-case lengths of what a template leaves to deploy time. */
const ASSUMED = { partition: 10 /* aws-us-gov */, region: 14, account: 12, campaignId: 36 /* a UUID */ };
/** `{"Version":"2012-10-17","Statement":[{"Action":[...],"Effect":"Allow","Resource":[]}]}` and the actions. */
const DOCUMENT_OVERHEAD = 80 + HANDLER_ACTIONS.reduce((sum, action) => sum + action.length + 3, 0);

/**
 * The handler role's permissions on the stack's campaigns: one inline policy for all of them, listing each
 * campaign's ARN until the document would pass `POLICY_SIZE_BUDGET`, then one wildcard for the campaigns of the
 * stack's account and region (with a synth-time warning).
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
   * Grants the handler access to one campaign. `campaignIdLength` is the id's length when it is known at synth
   * time; the policy's size is estimated with the worst case otherwise.
   */
  public grantCampaign(campaignArn: string, campaignIdLength?: number): void {
    // arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>
    const estimatedLength =
      45 + ASSUMED.partition + ASSUMED.region + ASSUMED.account + (campaignIdLength ?? ASSUMED.campaignId);
    this.campaigns.set(JSON.stringify(Stack.of(this).resolve(campaignArn)), { arn: campaignArn, estimatedLength });
    if (!this.wildcard && this.estimatedSize() > POLICY_SIZE_BUDGET) {
      this.wildcard = true;
      addNagSuppressions(this.policy, [CAMPAIGN_WILDCARD]);
      Annotations.of(this).addWarningV2(
        'cdk-connect-campaign-limits:policyWildcard',
        `More than ${this.campaigns.size - 1} campaigns would make the handler's policy larger than ${POLICY_SIZE_BUDGET} characters ` +
          `(IAM allows 10,240 per role): it grants access to every campaign of this account and region instead.`,
      );
    }
  }

  private estimatedSize(): number {
    return [...this.campaigns.values()].reduce(
      (sum, { estimatedLength }) => sum + estimatedLength + 3,
      DOCUMENT_OVERHEAD,
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
    return [...this.campaigns.values()].map(({ arn }) => arn);
  }

  private document(): unknown {
    return new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: [...HANDLER_ACTIONS], resources: this.resources() })],
    }).toJSON();
  }

  private contentHash(): string {
    const resolved = JSON.stringify(Stack.of(this).resolve(this.resources()));
    return createHash('sha256').update(resolved).digest('hex').slice(0, 8).toUpperCase();
  }
}
