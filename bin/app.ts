#!/usr/bin/env node
/**
 * Example app: communication limits on one campaign created elsewhere.
 *
 *   npx cdk synth                                   # uses the placeholder campaign id
 *   npx cdk synth -c campaignId=<your campaign id>  # or set "campaignId" in cdk.json's context
 *   npx cdk synth -c campaignId=<id> -c connectInstanceId=<instance id>  # the instance's own limits too
 */
import { App } from 'aws-cdk-lib';
import { CampaignLimitsExampleStack, PLACEHOLDER_CAMPAIGN_ID } from './example-stack';

// No creation stack traces in the metadata: two checkouts in different folders synthesize identical assemblies.
const app = new App({ stackTraces: false });
new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  campaignId: (app.node.tryGetContext('campaignId') as string | undefined) ?? PLACEHOLDER_CAMPAIGN_ID,
  connectInstanceId: app.node.tryGetContext('connectInstanceId') as string | undefined,
});
