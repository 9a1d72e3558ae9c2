import { Annotations, Aws, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import {
  CommunicationLimitsLogProps,
  CommunicationLimitsProvider,
  providerLogOptions,
} from './communication-limits-provider';
import { INSTANCE_RESOURCE_TYPE, RESOURCE_TYPE } from './shared/contract';
import { Problems } from './shared/rules';
import { DRIFT_METRIC, DriftCheckInput } from './shared/drift-contract';

/** Properties of a `CommunicationLimitsDriftCheck`. */
export interface CommunicationLimitsDriftCheckProps extends CommunicationLimitsLogProps {
  /**
   * How often the check runs: a whole number of minutes, at least 1.
   *
   * @default Duration.hours(1)
   */
  readonly schedule?: Duration;

  /**
   * Whether a run re-applies the declared limits to the targets that drifted, where Connect allows it (campaigns
   * that are Initialized; instances always). Without it, drift is only reported (logged and counted in the metric).
   *
   * @default false
   */
  readonly correct?: boolean;
}

/**
 * A scheduled drift check of the stack's `CampaignCommunicationLimits` (and `InstanceCommunicationLimits`):
 * CloudFormation does not detect drift on custom resources, so a change made in the console stays invisible to
 * `cdk diff`. An EventBridge Scheduler schedule invokes the stack's existing handler function (no new function) with
 * a constant input; each run compares what the deployed stack declares (read from CloudFormation) with what Connect
 * holds, logs one line per drifted target, publishes the number of drifted targets as a CloudWatch metric (see
 * `metricDriftedTargets`), and with `correct` re-applies the declared limits. It neither checks nor corrects while
 * the stack has an operation in progress.
 */
export class CommunicationLimitsDriftCheck extends Construct {
  /** How often the check runs. */
  public readonly schedule: Duration;

  constructor(scope: Construct, id: string, props: CommunicationLimitsDriftCheckProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.schedule = props.schedule ?? Duration.hours(1);
    const expression = rateExpression(this.node.path, this.schedule);
    const other = stack.node.findAll().find((c) => c !== this && c instanceof CommunicationLimitsDriftCheck);
    if (other)
      throw new Error(`${this.node.path}: stack ${stack.stackName} already has a drift check, ${other.node.path}`);

    const problems = new Problems();
    const logOptions = providerLogOptions(props, problems);
    problems.throwIfAny(`${this.node.path}: `);
    const provider = CommunicationLimitsProvider.getOrCreate(this, logOptions);
    provider.permissions.grantDriftCheck(DRIFT_METRIC.namespace);

    // The scheduler may invoke this handler and nothing else; only on behalf of this account.
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets the drift check schedule invoke the communication limits handler',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [provider.handler.functionArn] }),
    );

    const input: DriftCheckInput = { DriftCheck: { StackId: Aws.STACK_ID, Correct: props.correct ?? false } };
    const schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: "Drift check of the stack's communication limits (cdk-connect-campaign-limits)",
      scheduleExpression: expression,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: provider.handler.functionArn,
        roleArn: role.roleArn,
        input: stack.toJsonString(input),
        // The next run is the retry: a failed run is not worth repeating at once.
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    });
    // Its first run finds the role's and the handler's permissions in place.
    schedule.node.addDependency(role, provider.permissions.policy);

    // Checked once the app is built: the limits may be declared after the check.
    this.node.addValidation({
      validate: () => {
        if (!hasLimits(stack)) {
          Annotations.of(this).addWarningV2(
            'cdk-connect-campaign-limits:driftCheckWithoutLimits',
            `Stack ${stack.stackName} declares no CampaignCommunicationLimits or InstanceCommunicationLimits: ` +
              `the drift check has nothing to check, and deploys a schedule and the handler for nothing.`,
          );
        }
        return [];
      },
    });
  }

  /**
   * The number of drifted targets the check found in the stack, per run: a target whose limits differ from the
   * declared ones, whose override is missing, which is gone, or which cannot be corrected (a campaign no longer
   * Initialized). The maximum over the schedule's period by default.
   */
  public metricDriftedTargets(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DRIFT_METRIC.namespace,
      metricName: DRIFT_METRIC.metricName,
      dimensionsMap: { [DRIFT_METRIC.stackDimension]: Stack.of(this).stackName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: this.schedule,
      ...props,
    });
  }
}

/** Whether the stack declares limits of either kind (their custom resources, whichever construct made them). */
function hasLimits(stack: Stack): boolean {
  return stack.node
    .findAll()
    .some((c) => CfnResource.isCfnResource(c) && [RESOURCE_TYPE, INSTANCE_RESOURCE_TYPE].includes(c.cfnResourceType));
}

/** `rate(1 hour)`, `rate(6 hours)`, `rate(90 minutes)`, `rate(1 day)`: EventBridge Scheduler's rate expression. */
function rateExpression(path: string, schedule: Duration): string {
  let minutes: number;
  try {
    minutes = schedule.toMinutes();
  } catch {
    minutes = NaN;
  }
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new Error(`${path}: schedule must be a whole number of minutes, at least 1; got ${schedule.toHumanString()}`);
  }
  const [value, unit] =
    minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
}
