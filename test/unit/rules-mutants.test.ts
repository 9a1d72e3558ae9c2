/** The id rules (lib/shared/rules.ts) at their shortest: one character is an id. */
import { checkCampaignId, checkConnectInstanceId } from '../../lib/shared/rules';

test('a one-character campaign id is a campaign id', () => {
  expect(checkCampaignId('campaignId', 'c')).toBe('c');
});

test('a one-character instance id is an instance id', () => {
  expect(checkConnectInstanceId('connectInstanceId', 'i')).toBe('i');
});
