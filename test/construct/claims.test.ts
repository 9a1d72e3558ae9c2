/**
 * Claims per environment: the same literal campaign id in stacks of different accounts or regions names two
 * campaigns, not one. An environment-agnostic stack could be deployed anywhere, so it conflicts with every
 * environment it could be.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits } from '../../lib';

const ID = 'a1b2c3d4-0000-1111-2222-333344445555';
const LIMITS = [{ maxCountPerRecipient: 3, frequency: 7 }];

function limitsIn(stack: Stack, campaignId = ID) {
  return new CampaignCommunicationLimits(stack, 'Limits', { campaignId, communicationLimits: LIMITS });
}

const conflict = (path: string, holder: string) =>
  `${path}: campaignId must be a campaign that no other CampaignCommunicationLimits manages (${holder} does; ` +
  `they would undo each other); got "${ID}"`;

test('the same id in another account or another region is no conflict', () => {
  const app = new App();
  limitsIn(new Stack(app, 'Virginia', { env: { account: '123456789012', region: 'us-east-1' } }));
  expect(() =>
    limitsIn(new Stack(app, 'London', { env: { account: '123456789012', region: 'eu-west-2' } })),
  ).not.toThrow();
  expect(() =>
    limitsIn(new Stack(app, 'Other', { env: { account: '210987654321', region: 'us-east-1' } })),
  ).not.toThrow();
});

test('the same id in the same account and region is a conflict, across stacks', () => {
  const app = new App();
  const env = { account: '123456789012', region: 'us-east-1' };
  limitsIn(new Stack(app, 'One', { env }));
  expect(() => limitsIn(new Stack(app, 'Two', { env }))).toThrow(conflict('Two/Limits', 'One/Limits'));
});

test('an ARN is claimed in its own environment: the id in a stack of that environment conflicts', () => {
  const app = new App();
  limitsIn(new Stack(app, 'Agnostic'), `arn:aws:connect-campaigns:eu-west-2:123456789012:campaign/${ID}`);
  expect(() =>
    limitsIn(new Stack(app, 'Virginia', { env: { account: '123456789012', region: 'us-east-1' } })),
  ).not.toThrow();
  expect(() => limitsIn(new Stack(app, 'London', { env: { account: '123456789012', region: 'eu-west-2' } }))).toThrow(
    conflict('London/Limits', 'Agnostic/Limits'),
  );
});

test('an environment-agnostic stack conflicts with any stack that names the same id', () => {
  const app = new App();
  limitsIn(new Stack(app, 'Agnostic'));
  expect(() => limitsIn(new Stack(app, 'Virginia', { env: { account: '123456789012', region: 'us-east-1' } }))).toThrow(
    conflict('Virginia/Limits', 'Agnostic/Limits'),
  );
  const other = new App();
  limitsIn(new Stack(other, 'Virginia', { env: { account: '123456789012', region: 'us-east-1' } }));
  expect(() => limitsIn(new Stack(other, 'Agnostic'))).toThrow(conflict('Agnostic/Limits', 'Virginia/Limits'));
});
