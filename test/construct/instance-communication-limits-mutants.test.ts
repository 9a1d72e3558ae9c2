/** `InstanceCommunicationLimits` given an instance reference: its problems name the `instance` prop. */
import { App, Stack } from 'aws-cdk-lib';
import type { aws_connect } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { InstanceCommunicationLimits } from '../../lib';

const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const LIMITS = [{ maxCountPerRecipient: 2, frequency: 1 }];

/** An instance made elsewhere, referenced by a literal ARN. */
class ImportedInstance extends Construct implements aws_connect.IInstanceRef {
  public readonly instanceRef: { instanceArn: string };
  public readonly env = { account: '123456789012', region: 'us-east-1' };

  constructor(scope: Construct, id: string, instanceArn: string) {
    super(scope, id);
    this.instanceRef = { instanceArn };
  }
}

function newStack(app = new App(), id = 'Limits'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
}

test('a referenced instance of another region is rejected, naming the instance prop', () => {
  const stack = newStack();
  const arn = `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}`;
  const instance = new ImportedInstance(stack, 'Elsewhere', arn);
  expect(
    () => new InstanceCommunicationLimits(stack, 'InstanceLimits', { instance, communicationLimits: LIMITS }),
  ).toThrow(
    `Limits/InstanceLimits: instance must be the ARN of an instance in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
  );
});

test('a second construct for a referenced instance is rejected, naming the instance prop', () => {
  const stack = newStack();
  const instance = new ImportedInstance(
    stack,
    'Contact',
    `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`,
  );
  new InstanceCommunicationLimits(stack, 'First', { connectInstanceId: INSTANCE_ID, communicationLimits: LIMITS });
  expect(() => new InstanceCommunicationLimits(stack, 'Second', { instance, communicationLimits: LIMITS })).toThrow(
    'Limits/Second: instance must be an instance that no other InstanceCommunicationLimits manages ' +
      '(Limits/First does; they would undo each other); got "Limits/Contact"',
  );
});
