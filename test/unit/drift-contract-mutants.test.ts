/** Telling the schedule's input from a CloudFormation request (lib/shared/drift-contract.ts). */
import { isDriftCheckInput } from '../../lib/shared/drift-contract';

test.each([
  [{ RequestType: 'Create', ResourceType: 'Custom::ConnectCampaignCommunicationLimits' }],
  [null],
  ['DriftCheck'],
])('%p is no drift check input', (event) => {
  expect(isDriftCheckInput(event)).toBe(false);
});

test('a drift check input whose StackId is not a string is no drift check input', () => {
  expect(isDriftCheckInput({ DriftCheck: { StackId: 42, Correct: false } })).toBe(false);
  expect(isDriftCheckInput({ DriftCheck: { StackId: 'arn:aws:cloudformation:x', Correct: false } })).toBe(true);
});
