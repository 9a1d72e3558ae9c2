import { CustomResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { aws_connect as connectRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import type { CommunicationLimit } from './campaign-communication-limits';
import { claim, ClaimTarget, environmentOfStack, secondClaimProblem, targetById, targetByPath } from './claims';
import {
  CommunicationLimitsLogProps,
  CommunicationLimitsProvider,
  providerLogOptions,
} from './communication-limits-provider';
import { removalPolicyValue, stackEnvironment, targetIdValue, toLimitProperties } from './property-values';
import { ATTRIBUTES, INSTANCE_RESOURCE_TYPE, InstanceCommunicationLimitsResourceProperties } from './shared/contract';
import { environmentOf, isArn } from './shared/campaign-arn';
import { resolveConnectInstance } from './shared/instance-arn';
import { checkInstanceLimitCount, InvalidPropertyError, Problems } from './shared/rules';

/** Properties of an `InstanceCommunicationLimits`. */
export interface InstanceCommunicationLimitsProps extends CommunicationLimitsLogProps {
  /**
   * The id of the Amazon Connect instance, or its ARN (`arn:<partition>:connect:<region>:<account>:instance/<id>`,
   * whose id is used, and which must be of the stack's partition, account and region), for an instance created
   * elsewhere. May be a token: an id or an ARN is then told apart at deploy time.
   *
   * Give exactly one of `connectInstanceId` and `instance`.
   *
   * @default - none: `instance` must be given
   */
  readonly connectInstanceId?: string;

  /**
   * The instance, for one defined in this app (for example a `CfnInstance`). The id is split from its ARN, and the
   * limits are put after the instance is created.
   *
   * Give exactly one of `connectInstanceId` and `instance`.
   *
   * @default - none: `connectInstanceId` must be given
   */
  readonly instance?: connectRefs.IInstanceRef;

  /**
   * The instance's frequency caps: one or two (for example 5 contacts in 7 days, and 2 a day). Campaigns honour them
   * when their own override opts in (`instanceLimitsHandling: InstanceLimitsHandling.OPT_IN`).
   */
  readonly communicationLimits: CommunicationLimit[];

  /**
   * What happens to the instance's limits when this resource is removed from the stack (or the stack is deleted):
   * `DESTROY` resets the instance to no limits, `RETAIN` leaves them in place. Other policies are not supported.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Sets the communication limits of an Amazon Connect instance (Connect Campaigns V2), which campaigns that opt in
 * honour as well as their own, and resets them when the resource is deleted.
 *
 * Backed by the same Lambda custom resource provider as `CampaignCommunicationLimits`: it calls
 * `PutInstanceCommunicationLimits` on create and update, and on delete puts an empty configuration (there is no
 * delete operation). One `InstanceCommunicationLimits` per instance in an app.
 */
export class InstanceCommunicationLimits extends Construct {
  /** The id of the instance. */
  public readonly connectInstanceId: string;

  constructor(scope: Construct, id: string, props: InstanceCommunicationLimitsProps) {
    super(scope, id);
    // Every problem of this construct is reported at once, in one error with one line per problem.
    const problems = new Problems();
    const instance = this.resolveInstance(props, problems);
    const properties = toResourceProperties(props, instance?.property ?? '', problems);
    const logOptions = providerLogOptions(props, problems);
    if (instance)
      problems.add(
        secondClaimProblem(
          this,
          instance.claimTarget,
          props.instance ? 'instance' : 'connectInstanceId',
          props.instance ? props.instance.node.path : props.connectInstanceId,
        ),
      );
    problems.throwIfAny(`${this.node.path}: `);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- no problem found: the instance is resolved
    const { given, claimTarget } = instance!;

    // Every check has passed: only now does this construct claim its instance and add to the stack.
    const provider = CommunicationLimitsProvider.getOrCreate(this, logOptions);
    claim(this, claimTarget);

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: INSTANCE_RESOURCE_TYPE,
      properties: { ...properties },
      // The provider framework answers within its own 15-minute timeout; never leave CloudFormation waiting an hour.
      serviceTimeout: Duration.minutes(16),
    });
    // The instance policy grants the Put; the campaign policy lets the handler read the stack (see lambda/holder.ts).
    resource.node.addDependency(provider.instancePermissions().policy, provider.permissions.policy);
    if (props.instance) resource.node.addDependency(props.instance);

    // A token given to `connectInstanceId` may hold an ARN: the handler answers with the id it used.
    this.connectInstanceId =
      Token.isUnresolved(given) && !props.instance ? resource.getAttString(ATTRIBUTES.connectInstanceId) : given;
  }

  /**
   * The instance id (a token stays a token), the value of the `ConnectInstanceId` property (see `targetIdValue`), and
   * the target this construct claims in the app; undefined when a problem was found (and recorded).
   */
  private resolveInstance(
    props: InstanceCommunicationLimitsProps,
    problems: Problems,
  ): { given: string; property: string; claimTarget: ClaimTarget } | undefined {
    if ((props.connectInstanceId === undefined) === (props.instance === undefined)) {
      const given = props.instance ? 'both' : 'neither';
      problems.add(new InvalidPropertyError('connectInstanceId or instance', given, 'given, one of the two'));
      return undefined;
    }
    const environment = stackEnvironment(Stack.of(this));
    if (props.instance) {
      const instanceArn = props.instance.instanceRef.instanceArn;
      if (Token.isUnresolved(instanceArn)) {
        // The ARN of an instance of this app: its id is the part after `:instance/`.
        const given = Fn.select(1, Fn.split(':instance/', instanceArn));
        return { given, property: given, claimTarget: targetByPath('instance', props.instance.node.path) };
      }
      const parsed = problems.check(() => resolveConnectInstance('instance', instanceArn, environment));
      if (parsed === undefined) return undefined;
      return {
        given: parsed,
        property: targetIdValue(instanceArn, parsed, environment),
        claimTarget: targetById('instance', parsed, environmentOf(instanceArn)),
      };
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- given: exactly one of the two is, checked above
    const raw = props.connectInstanceId!;
    // A token (a parameter) may hold an id or an ARN: the handler tells them apart at deploy time.
    if (Token.isUnresolved(raw)) {
      return { given: raw, property: raw, claimTarget: targetByPath('instance', this.node.path) };
    }
    const parsed = problems.check(() => resolveConnectInstance('connectInstanceId', raw, environment));
    if (parsed === undefined) return undefined;
    return {
      given: parsed,
      property: targetIdValue(raw, parsed, environment),
      claimTarget: targetById('instance', parsed, isArn(raw) ? environmentOf(raw) : environmentOfStack(Stack.of(this))),
    };
  }
}

/** The custom resource's properties, through the handler's own type, every value known at synth time checked. */
function toResourceProperties(
  props: InstanceCommunicationLimitsProps,
  connectInstanceId: string,
  problems: Problems,
): InstanceCommunicationLimitsResourceProperties {
  problems.check(() => checkInstanceLimitCount('communicationLimits', props.communicationLimits.length));
  return {
    ConnectInstanceId: connectInstanceId,
    CommunicationLimits: toLimitProperties(props.communicationLimits, problems),
    RemovalPolicy: problems.check(() => removalPolicyValue(props.removalPolicy)) ?? 'Destroy',
  };
}
