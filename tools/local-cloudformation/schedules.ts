/**
 * `AWS::Scheduler::Schedule`, as far as the runner models it: each schedule is recorded (its expression, state,
 * target ARN, role and input) while it exists, and a test fires one on demand (`LocalCloudFormation.fireSchedule`):
 * the runner checks that the schedule's role may invoke the target (`lambda:InvokeFunction` on the target ARN, by the
 * role's policies at that moment) and invokes the target with the schedule's input through the runner's Lambda
 * endpoint. Nothing fires on its own: time is the test's.
 *
 * Sources: the CloudFormation reference of AWS::Scheduler::Schedule (`Ref` is the schedule's `Name`; generated when
 * omitted; `Arn` is `arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>`, group `default` unless
 * `GroupName`); the EventBridge Scheduler user guide (the role is assumed by `scheduler.amazonaws.com` and needs
 * `lambda:InvokeFunction` on the target; `Input` is passed to the target verbatim as the event). Scheduler invokes a
 * Lambda target asynchronously; the runner waits for the invocation to end so that the test sees its effect. Not
 * modelled: the trust policy, flexible time windows, retries and dead-letter queues, `StartDate`/`EndDate`.
 */
import { randomBytes } from 'node:crypto';
import { isObject, textOf } from './intrinsics';
import type { ResourceModel, ResourceModelRequest } from './types';

/** A schedule as the runner holds it. */
export interface ScheduleRecord {
  readonly name: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly arn: string;
  readonly expression: string;
  readonly state: string;
  readonly targetArn: string;
  readonly roleArn: string;
  /** The `Input` given to the target, verbatim; undefined when the schedule sets none. */
  readonly input?: string;
}

export class ScheduleRegistry {
  private readonly schedules = new Map<string, ScheduleRecord>();

  /** Every schedule that exists now. */
  public list(): ScheduleRecord[] {
    return [...this.schedules.values()];
  }

  /** The model the runner deploys `AWS::Scheduler::Schedule` with: a change of `Name` replaces the schedule. */
  public model(): ResourceModel {
    const put = (request: ResourceModelRequest, name: string) => {
      const record = scheduleRecord(request, name);
      this.schedules.set(name, record);
      return { physicalId: name, attributes: { Arn: record.arn } };
    };
    const nameOf = (properties: Readonly<Record<string, unknown>>) =>
      properties.Name === undefined ? undefined : textOf(properties.Name);
    return {
      create: (request) => put(request, nameOf(request.properties) ?? generatedName(request)),
      update: (request) =>
        nameOf(request.properties) === nameOf(request.oldProperties)
          ? put(request, request.physicalId)
          : put(request, nameOf(request.properties) ?? generatedName(request)),
      delete: ({ physicalId }) => {
        this.schedules.delete(physicalId);
      },
    };
  }
}

function scheduleRecord(request: ResourceModelRequest, name: string): ScheduleRecord {
  const { properties, region, accountId, stackName, logicalId } = request;
  const target = isObject(properties.Target) ? properties.Target : {};
  if (target.Arn === undefined || target.RoleArn === undefined)
    throw new Error('Target.Arn and Target.RoleArn are required');
  const group = properties.GroupName === undefined ? 'default' : textOf(properties.GroupName);
  return {
    name,
    stackName,
    logicalId,
    arn: `arn:aws:scheduler:${region}:${accountId}:schedule/${group}/${name}`,
    expression: textOf(properties.ScheduleExpression ?? ''),
    state: properties.State === undefined ? 'ENABLED' : textOf(properties.State),
    targetArn: textOf(target.Arn),
    roleArn: textOf(target.RoleArn),
    ...(target.Input === undefined ? {} : { input: textOf(target.Input) }),
  };
}

/** `<stack>-<logicalId>-<suffix>`, at most 64 characters (the Name pattern allows 1-64). */
function generatedName({ stackName, logicalId }: ResourceModelRequest): string {
  const suffix = randomBytes(7).toString('hex').toUpperCase().slice(0, 13);
  return `${`${stackName}-${logicalId}`.slice(0, 64 - suffix.length - 1)}-${suffix}`;
}
