/**
 * The drift check's campaign kind: a `CampaignCommunicationLimits` declares a campaign's override. Read with
 * DescribeCampaign; the state (GetCampaignState) is read only when the override differs, to tell whether Connect
 * would accept a correction (only Initialized campaigns accept limit changes).
 */
import type { CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import { RESOURCE_TYPE } from '../../lib/shared/contract';
import type { CampaignApi } from '../campaign-api';
import { overrideMatches, parseDesiredLimits } from '../desired-limits';
import { CampaignNotFoundError, CampaignStateError } from '../errors';
import { Inspection, TargetKind, VERDICTS } from './target-kind';

const INITIALIZED = 'Initialized';

export function campaignTarget(campaigns: CampaignApi): TargetKind {
  return {
    name: 'campaign',
    resourceType: RESOURCE_TYPE,
    idProperty: 'CampaignId',
    declared(properties) {
      const { campaignId, override } = parseDesiredLimits(properties);
      return { targetId: campaignId, limits: override };
    },
    async inspect(campaignId: string, declared: CommunicationLimitsConfig): Promise<Inspection> {
      let live: CommunicationLimitsConfig | undefined;
      try {
        live = await campaigns.describeOverride(campaignId);
      } catch (error) {
        if (error instanceof CampaignNotFoundError) return { verdict: VERDICTS.targetGone };
        throw error;
      }
      if (overrideMatches(live, declared)) return { verdict: VERDICTS.inSync, live };
      const state = await campaigns.describeState(campaignId);
      const verdict =
        state !== INITIALIZED ? VERDICTS.notInitialized : live ? VERDICTS.drifted : VERDICTS.overrideMissing;
      return { verdict, live: live ?? null, state };
    },
    correct: (campaignId, declared) => campaigns.updateLimits(campaignId, declared),
    uncorrectable(inspection) {
      if (inspection.verdict === VERDICTS.targetGone) return 'the campaign no longer exists';
      if (inspection.verdict === VERDICTS.notInitialized) {
        return `the campaign is ${inspection.state ?? 'not Initialized'}: Connect accepts limit changes only while it is Initialized`;
      }
      return undefined;
    },
    describeFailure: (error) =>
      error instanceof CampaignStateError
        ? `the campaign became ${error.state}: Connect accepts limit changes only while it is Initialized`
        : undefined,
  };
}
