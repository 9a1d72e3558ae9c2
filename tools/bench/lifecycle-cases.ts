/** The lifecycle cases of figure 8 (kept apart from measure-deploy.ts so that the report loads without the runner). */
export type LifecycleCase = 'deleteAfterCampaignGone' | 'deleteAfterRunning' | 'rollbackUpdateOnRunning' | 'badValue';

export const LIFECYCLE_CASE_LABELS: Readonly<Record<LifecycleCase, string>> = {
  deleteAfterCampaignGone: 'Delete the stack after the campaign was deleted',
  deleteAfterRunning: 'Delete the stack after the campaign started (Running)',
  rollbackUpdateOnRunning: 'Change the limits of a Running campaign (the update fails, CloudFormation rolls back)',
  badValue: 'Create with frequency 31 given through a CfnParameter',
};

export const LIFECYCLE_CASES = Object.keys(LIFECYCLE_CASE_LABELS) as LifecycleCase[];
