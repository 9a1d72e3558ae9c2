#!/usr/bin/env node
/**
 * Example app: communication limits on one campaign created elsewhere.
 *
 *   npx cdk synth                                   # uses the placeholder campaign id below
 *   npx cdk synth -c campaignId=<your campaign id>  # or set "campaignId" in cdk.json's context
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CommunicationLimitTimeUnit, InstanceLimitsHandling } from '../lib';

/** A placeholder: synth works offline with it; deploy with the id of a real campaign in your account. */
const PLACEHOLDER_CAMPAIGN_ID = '00000000-0000-0000-0000-000000000000';

const app = new App();
const stack = new Stack(app, 'CampaignLimitsExample', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

new CampaignCommunicationLimits(stack, 'OutreachLimits', {
  campaignId: app.node.tryGetContext('campaignId') ?? PLACEHOLDER_CAMPAIGN_ID,
  communicationLimits: [
    { maxCountPerRecipient: 3, frequency: 7, unit: CommunicationLimitTimeUnit.DAY },
    { maxCountPerRecipient: 1, frequency: 1 },
  ],
  instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
  removalPolicy: RemovalPolicy.DESTROY,
});
