/** An instance named by its ARN (lib/shared/instance-arn.ts): what makes an ARN an instance's, and whose it must be. */
import { resolveConnectInstance } from '../../lib/shared/instance-arn';

const ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const HERE = { account: '123456789012', region: 'us-east-1' };
const FORMAT = 'an instance id or an instance ARN (arn:<partition>:connect:<region>:<account>:instance/<id>)';
const arnIn = (region: string, account: string) => `arn:aws:connect:${region}:${account}:instance/${ID}`;

test.each([
  'arn:aws:connect:us-east-1:123456789012:instance/i:1',
  'arn::connect:us-east-1:123456789012:instance/i-1',
  'arn:aws:connect-campaigns:us-east-1:123456789012:instance/i-1',
])('%p is no instance ARN', (value) => {
  expect(() => resolveConnectInstance('connectInstanceId', value)).toThrow(
    `connectInstanceId must be ${FORMAT}; got ${JSON.stringify(value)}`,
  );
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
