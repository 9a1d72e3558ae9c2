/**
 * cdk-nag rule suppressions for the resources this library creates, each on the resource it is about, each for one
 * rule and, where the rule names a finding, only for that finding (`appliesTo`), each with its reason.
 *
 * They are written as the `cdk_nag` metadata that cdk-nag's own `NagSuppressions.addResourceSuppressions` writes,
 * so that the library needs no dependency on cdk-nag: a user who runs cdk-nag sees these findings as suppressed, with
 * the reasons, in its report; a user who does not only sees the metadata in the template.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/** One suppression, in cdk-nag's terms. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** The findings of a granular rule it applies to: an exact finding id, or `{ regex: '/.../' }`. */
  readonly appliesTo?: ReadonlyArray<string | { readonly regex: string }>;
}

const BASIC_EXECUTION_ROLE = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** The managed policy of a Lambda function's default role: logs only. */
const MANAGED_LOGS_POLICY: NagSuppression = {
  id: 'AwsSolutions-IAM4',
  appliesTo: [BASIC_EXECUTION_ROLE],
  reason:
    'AWSLambdaBasicExecutionRole only lets the function create log streams and put log events, ' +
    'the default of a CDK Lambda role',
};

/** The wildcard that `CampaignPermissions` falls back to for more campaigns than one policy can list. */
export const CAMPAIGN_WILDCARD: NagSuppression = {
  id: 'AwsSolutions-IAM5',
  // The region and account are literals, or <AWS::Region> and <AWS::AccountId> in an environment-agnostic stack.
  appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:connect-campaigns:.+:campaign\\/\\*$/' }],
  reason:
    'More campaigns than one IAM policy can list by ARN (IAM allows 10,240 characters per role), or a campaign id ' +
    'that is only known at deploy time: the handler may call its connect-campaigns actions on the campaigns ' +
    'of this account and region only',
};

/** The drift check's `cloudwatch:PutMetricData`, which has no resource type and is scoped by its namespace. */
export const METRIC_WILDCARD: NagSuppression = {
  id: 'AwsSolutions-IAM5',
  appliesTo: ['Resource::*'],
  reason:
    'cloudwatch:PutMetricData has no resource-level permission; the statement allows it only in the drift ' +
    "check's own metric namespace (cloudwatch:namespace condition)",
};

/** The instance actions, which IAM can only grant on `"*"` (see `InstancePermissions`). */
export const INSTANCE_ACTIONS_ON_ANY_RESOURCE: NagSuppression = {
  id: 'AwsSolutions-IAM5',
  appliesTo: ['Resource::*'],
  reason:
    'connect-campaigns:PutInstanceCommunicationLimits and GetInstanceCommunicationLimits have no resource-level ' +
    'permission (the Service Authorization Reference lists no resource type for them), so they can only be granted ' +
    'on "*"; this policy holds those two actions and nothing else, and exists only in stacks with an ' +
    'InstanceCommunicationLimits',
};

/** Adds suppressions to a resource, keeping those already there (as `NagSuppressions` does). */
export function addNagSuppressions(resource: CfnResource, suppressions: readonly NagSuppression[]): void {
  const existing = resource.getMetadata('cdk_nag') as { rules_to_suppress?: unknown[] } | undefined;
  const rules = suppressions.map(({ id, reason, appliesTo }) => ({
    reason,
    id,
    ...(appliesTo ? { applies_to: appliesTo } : {}),
  }));
  resource.addMetadata('cdk_nag', {
    ...existing,
    rules_to_suppress: [...(existing?.rules_to_suppress ?? []), ...rules],
  });
}

/**
 * The suppressions for the provider: the handler function and its role, and the resources that aws-cdk-lib's
 * `custom-resources.Provider` creates inside `provider` (its framework function, role and policy), found by type so
 * that a change of the framework's construct ids across aws-cdk-lib versions does not lose them.
 */
export function suppressProviderFindings(handler: lambda.Function, provider: IConstruct): void {
  const handlerFunction = handler.node.defaultChild as lambda.CfnFunction;
  const handlerRole = handler.role?.node.defaultChild;
  if (handlerRole instanceof iam.CfnRole) addNagSuppressions(handlerRole, [MANAGED_LOGS_POLICY]);

  // The finding id of the framework's `lambda:InvokeFunction` on `<handler ARN>:*` (any version or alias).
  const handlerLogicalId = Stack.of(handler).resolve(handlerFunction.logicalId) as string;
  for (const child of provider.node.findAll()) {
    if (child instanceof lambda.CfnFunction) {
      addNagSuppressions(child, [
        {
          id: 'AwsSolutions-L1',
          reason:
            "The provider framework's function and its runtime are defined by aws-cdk-lib's custom-resources " +
            'Provider and follow aws-cdk-lib upgrades',
        },
      ]);
    } else if (child instanceof iam.CfnRole) {
      addNagSuppressions(child, [MANAGED_LOGS_POLICY]);
    } else if (child instanceof iam.CfnPolicy) {
      addNagSuppressions(child, [
        {
          id: 'AwsSolutions-IAM5',
          appliesTo: [`Resource::<${handlerLogicalId}.Arn>:*`],
          reason:
            "The provider framework may invoke any version or alias of this stack's handler function " +
            "(CDK Provider's grant), and no other function",
        },
      ]);
    }
  }
}
