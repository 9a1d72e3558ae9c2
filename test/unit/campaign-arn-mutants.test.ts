/** A campaign named by its ARN (lib/shared/campaign-arn.ts): what makes an ARN a campaign's, and whose it must be. */
import { resolveCampaign } from '../../lib/shared/campaign-arn';

const ID = 'a1b2c3d4-0000-1111-2222-333344445555';
const HERE = { account: '123456789012', region: 'us-east-1' };
const FORMAT = 'a campaign id or a campaign ARN (arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>)';
const arnIn = (region: string, account: string, id = ID) =>
  `arn:aws:connect-campaigns:${region}:${account}:campaign/${id}`;

test('a campaign id with a colon keeps its colon when given by ARN', () => {
  expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012', 'a:b')).campaignId).toBe('a:b');
});

test.each([
  'arn:aws:connect:us-east-1:123456789012:campaign/c-1',
  'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/',
  `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${'x'.repeat(257)}`,
])('%p is no campaign ARN', (value) => {
  expect(() => resolveCampaign('campaignId', value)).toThrow(`campaignId must be ${FORMAT}; got `);
});

test("an ARN of the stack's account and region names its campaign", () => {
  expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012'), HERE).campaignId).toBe(ID);
  expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012'), { account: HERE.account }).campaignId).toBe(
    ID,
  );
  expect(resolveCampaign('campaignId', arnIn('us-east-1', '123456789012'), { region: HERE.region }).campaignId).toBe(
    ID,
  );
});

test('an ARN of another account in the same region is rejected', () => {
  const arn = arnIn('us-east-1', '210987654321');
  expect(() => resolveCampaign('campaignId', arn, HERE)).toThrow(
    `campaignId must be the ARN of a campaign in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
  );
});
