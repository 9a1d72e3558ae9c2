/** The reason the library gives cdk-nag for the provider framework's invoke grant (lib/nag-suppressions.ts). */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits } from '../../lib';

interface Suppression {
  readonly id: string;
  readonly reason: string;
}

test("the framework's invoke grant on the handler's versions is suppressed with its whole reason", () => {
  const stack = new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: 'c-1',
    communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1 }],
  });
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')) as {
    Metadata?: { cdk_nag?: { rules_to_suppress: Suppression[] } };
  }[];
  const reasons = policies.flatMap((policy) => policy.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((s) => s.reason);
  expect(reasons).toContain(
    "The provider framework may invoke any version or alias of this stack's handler function " +
      "(CDK Provider's grant), and no other function",
  );
});
