/** In-memory state: campaigns and per-instance communication limits. */
import { formatErrors, shapeErrors } from './validation';
import {
  CAMPAIGN_STATES,
  type CampaignSnapshot,
  type CampaignState,
  type CommunicationLimitsConfig,
  type InstanceCommunicationLimitsConfig,
  type SeedCampaign,
} from './types';

export const DEFAULT_CONNECT_INSTANCE_ID = '11111111-2222-3333-4444-555555555555';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** Where a campaign lives: its ARN's region and account (the partition follows from the region). */
export interface ArnLocation {
  /** Default `us-east-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
}

/** ARN of a campaign, by default in the emulator's default region and account. */
export function campaignArn(id: string, where: ArnLocation = {}): string {
  const region = where.region ?? DEFAULT_REGION;
  return `arn:${partitionOf(region)}:connect-campaigns:${region}:${where.accountId ?? DEFAULT_ACCOUNT_ID}:campaign/${id}`;
}

/** The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export class CampaignStore {
  private readonly campaigns = new Map<string, CampaignSnapshot>();
  private readonly limitsByInstance = new Map<string, InstanceCommunicationLimitsConfig>();

  /** `where`: the region and account of the campaigns' ARNs. */
  constructor(private readonly where: ArnLocation = {}) {}

  /** @throws Error when the seed is invalid or the id is taken */
  add(seed: SeedCampaign): void {
    const campaign: CampaignSnapshot = {
      id: seed.id,
      arn: campaignArn(seed.id, this.where),
      name: seed.name ?? `campaign-${seed.id}`,
      connectInstanceId: seed.connectInstanceId ?? DEFAULT_CONNECT_INSTANCE_ID,
      state: seed.state ?? 'Initialized',
      ...(seed.communicationLimitsOverride && {
        communicationLimitsOverride: structuredClone(seed.communicationLimitsOverride),
      }),
    };
    const problems = [
      ...shapeErrors('CampaignId', campaign.id, 'id'),
      ...shapeErrors('InstanceId', campaign.connectInstanceId, 'connectInstanceId'),
      ...(campaign.communicationLimitsOverride
        ? shapeErrors('CommunicationLimitsConfig', campaign.communicationLimitsOverride, 'communicationLimitsOverride')
        : []),
    ];
    if (problems.length > 0) throw new Error(`Invalid seed campaign: ${formatErrors(problems)}`);
    checkState(campaign.state);
    if (this.campaigns.has(campaign.id)) throw new Error(`Campaign ${campaign.id} already exists`);
    this.campaigns.set(campaign.id, campaign);
  }

  /** Returns whether the campaign existed. */
  remove(id: string): boolean {
    return this.campaigns.delete(id);
  }

  /** A deep copy of the campaign, or `undefined`. */
  snapshot(id: string): CampaignSnapshot | undefined {
    const campaign = this.campaigns.get(id);
    return campaign && structuredClone(campaign);
  }

  /** @throws Error when the campaign does not exist or the state is unknown */
  setState(id: string, state: CampaignState): void {
    checkState(state);
    this.get(id).state = state;
  }

  /** Sets the campaign's override, or removes it when `undefined`. */
  setOverride(id: string, override: CommunicationLimitsConfig | undefined): void {
    const campaign = this.get(id);
    if (override === undefined) delete campaign.communicationLimitsOverride;
    else campaign.communicationLimitsOverride = structuredClone(override);
  }

  /** A deep copy of the instance's limits, or `undefined` when none were put. */
  instanceLimits(connectInstanceId: string): InstanceCommunicationLimitsConfig | undefined {
    const limits = this.limitsByInstance.get(connectInstanceId);
    return limits && structuredClone(limits);
  }

  putInstanceLimits(connectInstanceId: string, limits: InstanceCommunicationLimitsConfig): void {
    this.limitsByInstance.set(connectInstanceId, structuredClone(limits));
  }

  private get(id: string): CampaignSnapshot {
    const campaign = this.campaigns.get(id);
    if (!campaign) throw new Error(`No campaign ${id}`);
    return campaign;
  }
}

function checkState(state: string): void {
  if (!(CAMPAIGN_STATES as readonly string[]).includes(state)) throw new Error(`Unknown campaign state ${state}`);
}
