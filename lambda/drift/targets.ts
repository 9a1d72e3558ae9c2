/** Every kind of target the drift check knows, for the command and the scheduled run alike. */
import type { CampaignApi } from '../campaign-api';
import type { InstanceApi } from '../instance-api';
import { campaignTarget } from './campaign-target';
import { instanceTarget } from './instance-target';
import type { TargetKind } from './target-kind';

export interface TargetApis {
  readonly campaigns: CampaignApi;
  readonly instances: InstanceApi;
}

export function targetKinds(apis: TargetApis): TargetKind[] {
  return [campaignTarget(apis.campaigns), instanceTarget(apis.instances)];
}
