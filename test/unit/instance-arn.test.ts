/** An instance named by id or by ARN, as the construct (literals) and the handler (delivered values) resolve it. */
import { isInstanceId, resolveConnectInstance } from '../../lib/shared/instance-arn';

const ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const HERE = { account: '123456789012', region: 'us-east-1' };
const FORMAT = 'an instance id or an instance ARN (arn:<partition>:connect:<region>:<account>:instance/<id>)';
const arnIn = (region: string, account: string) => `arn:aws:connect:${region}:${account}:instance/${ID}`;

test.each([
  [ID, ID],
  [`arn:aws:connect:us-east-1:123456789012:instance/${ID}`, ID],
  ['arn:aws-cn:connect:cn-north-1:123456789012:instance/i-1', 'i-1'],
])('%p names instance %p', (value, id) => {
  expect(resolveConnectInstance('connectInstanceId', value)).toBe(id);
});

test.each([
  'arn:aws:connect:us-east-1:123456789012:instance/',
  'arn:aws:connect:us-east-1:123456789012:instance/a/b',
  'arn:aws:connect:us-east-1:123456789012:instance/i-1/queue/q-1',
  'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/c-1',
  'arn:aws:connect::123456789012:instance/i-1',
  'arn:aws:connect:us-east-1::instance/i-1',
  'arn:aws:connect:us-east-1:123456789012:instance/i:1',
  'arn::connect:us-east-1:123456789012:instance/i-1',
  'arn:aws:connect-campaigns:us-east-1:123456789012:instance/i-1',
])('%p is no instance ARN', (value) => {
  expect(() => resolveConnectInstance('connectInstanceId', value)).toThrow(
    `connectInstanceId must be ${FORMAT}; got ${JSON.stringify(value)}`,
  );
});

test('an ARN of another account or region is rejected where the environment is known', () => {
  const arn = `arn:aws:connect:eu-west-2:123456789012:instance/${ID}`;
  expect(() => resolveConnectInstance('connectInstanceId', arn, HERE)).toThrow(
    `connectInstanceId must be the ARN of an instance in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
  );
  expect(resolveConnectInstance('connectInstanceId', arn, { account: '123456789012' })).toBe(ID);
  expect(resolveConnectInstance('connectInstanceId', ID, HERE)).toBe(ID);
});

test("an ARN of the stack's account and region names its instance", () => {
  expect(resolveConnectInstance('connectInstanceId', arnIn('us-east-1', '123456789012'), HERE)).toBe(ID);
  expect(resolveConnectInstance('connectInstanceId', arnIn('us-east-1', '123456789012'), { region: 'us-east-1' })).toBe(
    ID,
  );
});

test('an ARN of another account in the same region is rejected', () => {
  const arn = arnIn('us-east-1', '210987654321');
  expect(() => resolveConnectInstance('connectInstanceId', arn, HERE)).toThrow(
    `connectInstanceId must be the ARN of an instance in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
  );
});

test('where only the account is known, the message names the account only', () => {
  const arn = arnIn('us-east-1', '210987654321');
  expect(() => resolveConnectInstance('connectInstanceId', arn, { account: '123456789012' })).toThrow(
    `connectInstanceId must be the ARN of an instance in the stack's account 123456789012; got "${arn}"`,
  );
});

test('a physical id is an instance id only when it is one, never an ARN or the framework marker', () => {
  expect(isInstanceId(ID)).toBe(true);
  expect(isInstanceId(`arn:aws:connect:us-east-1:123456789012:instance/${ID}`)).toBe(false);
  expect(isInstanceId('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED')).toBe(false);
});
