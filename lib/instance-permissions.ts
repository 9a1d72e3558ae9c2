import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addNagSuppressions, INSTANCE_ACTIONS_ON_ANY_RESOURCE } from './nag-suppressions';

/**
 * The connect-campaigns actions on an instance's communication limits. The Service Authorization Reference lists no
 * resource type for them, so they can only be granted on `"*"`.
 */
export const INSTANCE_ACTIONS = [
  'connect-campaigns:PutInstanceCommunicationLimits',
  'connect-campaigns:GetInstanceCommunicationLimits',
] as const;

/**
 * The handler role's permission on instance communication limits: its own inline policy, created only in a stack
 * with an `InstanceCommunicationLimits`, so that a stack of campaigns only never gets a `"*"` grant. Its content
 * never changes, so neither do its name and logical id; every instance resource depends on it, so that CloudFormation
 * deletes it only after the last instance resource's Delete (which resets the instance's limits) has run.
 */
export class InstancePermissions extends Construct {
  public readonly policy: iam.CfnPolicy;

  constructor(scope: Construct, id: string, role: iam.IRole) {
    super(scope, id);
    this.policy = new iam.CfnPolicy(this, 'Policy', {
      policyName: 'ConnectInstanceLimits',
      roles: [role.roleName],
      policyDocument: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: [...INSTANCE_ACTIONS], resources: ['*'] })],
      }),
    });
    addNagSuppressions(this.policy, [INSTANCE_ACTIONS_ON_ANY_RESOURCE]);
  }
}
