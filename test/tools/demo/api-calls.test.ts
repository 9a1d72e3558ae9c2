import { describeApiCalls } from '../../../tools/demo/api-calls';

const ok = (operation: 'UpdateCampaignCommunicationLimits' | 'DescribeCampaign') => ({ operation, status: 200 });
const refused = (operation: 'UpdateCampaignCommunicationLimits' | 'DeleteCampaignCommunicationLimits') => ({
  operation,
  status: 409,
  errorType: 'InvalidCampaignStateException' as const,
});

test('counts each operation, in the order of its first call', () => {
  expect(
    describeApiCalls([ok('UpdateCampaignCommunicationLimits'), ok('DescribeCampaign'), ok('DescribeCampaign')]),
  ).toBe('UpdateCampaignCommunicationLimits x1, DescribeCampaign x2');
  expect(describeApiCalls([])).toBe('none');
});

test('a call Connect refused reads as refused, with the error it answered', () => {
  expect(describeApiCalls([refused('DeleteCampaignCommunicationLimits')])).toBe(
    'DeleteCampaignCommunicationLimits x1 (refused: InvalidCampaignStateException)',
  );
  expect(
    describeApiCalls([ok('UpdateCampaignCommunicationLimits'), refused('UpdateCampaignCommunicationLimits')]),
  ).toBe('UpdateCampaignCommunicationLimits x2 (1 refused: InvalidCampaignStateException)');
});
