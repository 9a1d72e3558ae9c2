/**
 * The app `cdk diff` runs in cdk-diff.test.ts: the example's limits, with the first limit's frequency taken from
 * DIFF_FREQUENCY (7 when unset), and a second construct, for another campaign, when DIFF_ADD_CAMPAIGN is `true`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, InstanceLimitsHandling } from '../../lib';

export const STACK_NAME = 'CampaignLimitsDiff';

export function diffApp(frequency: number, outdir?: string, addCampaign = false): App {
  const app = new App({ outdir });
  const stack = new Stack(app, STACK_NAME);
  new CampaignCommunicationLimits(stack, 'OutreachLimits', {
    campaignId: 'a1b2c3d4-0000-1111-2222-333344445555',
    communicationLimits: [
      { maxCountPerRecipient: 3, frequency },
      { maxCountPerRecipient: 1, frequency: 1 },
    ],
    instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
  });
  if (addCampaign) {
    new CampaignCommunicationLimits(stack, 'RenewalsLimits', {
      campaignId: 'b2c3d4e5-0000-1111-2222-333344445555',
      communicationLimits: [{ maxCountPerRecipient: 2, frequency: 30 }],
    });
  }
  return app;
}

if (require.main === module) {
  diffApp(Number(process.env.DIFF_FREQUENCY ?? '7'), undefined, process.env.DIFF_ADD_CAMPAIGN === 'true').synth();
}
