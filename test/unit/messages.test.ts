/**
 * Every validation message has one shape, `<field> must be <expected>; got <the value as given>` (the construct puts
 * its path in front): one test per kind of message, and the value slot never holds prose.
 */
import { resolveCampaign } from '../../lib/shared/campaign-arn';
import {
  checkCampaignId,
  checkCommunicationLimitCount,
  checkFrequency,
  checkMaxCountPerRecipient,
  checkSomethingToApply,
  InvalidPropertiesError,
  InvalidPropertyError,
  Problems,
} from '../../lib/shared/rules';

/** The message a rule throws. */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPropertyError);
    return (error as Error).message;
  }
  throw new Error('the rule accepted the value');
}

const SHAPE = /^[\w.[\]() /-]+ must be .+; got .+$/;

test('NaN and the infinities read as NaN and Infinity, not as JSON null', () => {
  expect(messageOf(() => checkFrequency('f', NaN))).toBe('f must be an integer from 1 to 30; got NaN');
  expect(messageOf(() => checkFrequency('f', Infinity))).toBe('f must be an integer from 1 to 30; got Infinity');
  expect(messageOf(() => checkFrequency('f', -Infinity))).toBe('f must be an integer from 1 to 30; got -Infinity');
});

test('too many limits: the field is the list length, the value the count', () => {
  expect(messageOf(() => checkCommunicationLimitCount('communicationLimits', 3))).toBe(
    'communicationLimits.length must be at most 2; got 3',
  );
});

test('nothing to apply: the value is the list as given (or nothing), the rule says what would do', () => {
  expect(messageOf(() => checkSomethingToApply(undefined, undefined))).toBe(
    'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got nothing',
  );
  expect(messageOf(() => checkSomethingToApply([], undefined))).toBe(
    'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got []',
  );
});

test('maxCountPerRecipient names both bounds of the 32-bit integer', () => {
  expect(messageOf(() => checkMaxCountPerRecipient('m', 2 ** 31))).toBe(
    'm must be an integer from 1 to 2,147,483,647; got 2147483648',
  );
  expect(checkMaxCountPerRecipient('m', 2 ** 31 - 1)).toBe(2_147_483_647);
});

test('a too-long id: the rule is the length, and the shortened value says how long it was', () => {
  const message = messageOf(() => checkCampaignId('campaignId', 'a'.repeat(300)));
  expect(message).toBe(`campaignId must be 1 to 256 characters long; got "${'a'.repeat(157)}..." (300 characters)`);
  expect(messageOf(() => checkCampaignId('campaignId', ''))).toBe(
    'campaignId must be 1 to 256 characters long; got ""',
  );
});

test('a value of the wrong kind is quoted as given', () => {
  expect(messageOf(() => checkCampaignId('campaignId', 42))).toBe(
    'campaignId must be a campaign id (a string); got 42',
  );
  expect(messageOf(() => checkFrequency('f', '7 '))).toBe('f must be an integer from 1 to 30; got "7 "');
});

test('a campaign ARN of another service, resource type, account or region', () => {
  expect(messageOf(() => resolveCampaign('campaignId', 'arn:aws:connect:us-east-1:123456789012:instance/i-1'))).toBe(
    'campaignId must be a campaign id or a campaign ARN (arn:<partition>:connect-campaigns:<region>:<account>:' +
      'campaign/<id>); got "arn:aws:connect:us-east-1:123456789012:instance/i-1"',
  );
  const arn = 'arn:aws:connect-campaigns:eu-west-2:210987654321:campaign/c-1';
  expect(messageOf(() => resolveCampaign('campaignId', arn, { account: '123456789012', region: 'us-east-1' }))).toBe(
    `campaignId must be the ARN of a campaign in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
  );
});

test('all problems of one resource together: one line each, every line of the one shape', () => {
  const problems = new Problems();
  problems.check(() => checkFrequency('communicationLimits[0].frequency', 31));
  problems.check(() => checkMaxCountPerRecipient('communicationLimits[0].maxCountPerRecipient', 0));
  expect(problems.check(() => checkFrequency('communicationLimits[1].frequency', 7))).toBe(7);
  let thrown: unknown;
  try {
    problems.throwIfAny('Stack/Limits: ');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidPropertiesError);
  const lines = (thrown as Error).message.split('\n');
  expect(lines).toEqual([
    'Stack/Limits: communicationLimits[0].frequency must be an integer from 1 to 30; got 31',
    'Stack/Limits: communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got 0',
  ]);
  for (const line of lines) expect(line.replace(/^Stack\/Limits: /, '')).toMatch(SHAPE);
  expect(() => new Problems().throwIfAny()).not.toThrow();
});
