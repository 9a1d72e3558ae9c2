/** The method part of docs/benchmarks.md: how each figure is measured, and what it does not show. */
import type { BenchResults } from './results';

/** The text, with the run's sample counts and machine. */
export function methodAndCaveats(run: Pick<BenchResults, 'synthRuns' | 'initRuns' | 'machine'>): string {
  const node = run.machine.node.replace(/^v/, '').split('.')[0];
  return `
## What is compared

Both stacks apply the same override to N campaigns created elsewhere (3 contacts in 7 days and 1 a day,
\`instanceLimitsHandling: OPT_IN\`), in an environment-agnostic stack:

- **CampaignCommunicationLimits**: \`new CampaignCommunicationLimits(stack, id, { campaignId, communicationLimits,
  instanceLimitsHandling })\` per campaign. All of a stack's resources share one handler function, one provider
  framework function and one campaign policy.
- **AwsCustomResource** (what a user writes without this library), per campaign: \`onCreate\`/\`onUpdate\` call
  \`ConnectCampaignsV2.UpdateCampaignCommunicationLimits\` with \`{ id, communicationLimitsOverride }\` and
  \`PhysicalResourceId.of(id)\`; \`onDelete\` calls \`DeleteCampaignCommunicationLimits\` with
  \`{ id, config: 'ALL_CHANNEL_SUBTYPES' }\`; \`policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [campaignArn] })\`;
  \`installLatestAwsSdk: false\`. aws-cdk-lib accepts the action as \`UpdateCampaignCommunicationLimits\` or
  \`updateCampaignCommunicationLimits\` (both give the IAM action \`connect-campaigns:UpdateCampaignCommunicationLimits\`
  and the same command at run time); the benchmark uses the former.

## How each figure is measured

1. **Synth time**: a fresh \`node --import tsx\` process per measurement imports the modules (not timed), then times
   building the construct tree plus \`app.synth()\` (wall clock); median of ${run.synthRuns}. aws-cdk-lib loads most
   of its modules lazily on first use, so the time includes that loading (a fresh \`cdk synth\` pays it too), asset
   staging and the template write; that fixed part is most of the time for one resource.
2. **Template**: the \`<stack>.template.json\` file as synthesized (indented JSON, as \`cdk synth\` writes it) and its
   resource count. CloudFormation's limits: 500 resources per stack, 1 MB for a template uploaded to S3.
3. **Lambda functions**: \`AWS::Lambda::Function\` resources in the template.
4. **Role inline policies**: for each role, the compact-JSON length of every inline policy document attached to it
   (\`AWS::IAM::Policy\` resources naming it, and the role's own \`Policies\`), summed as IAM sums them against the
   10,240-character quota. \`Ref\`, \`Fn::GetAtt\`, \`Fn::Join\` and \`Fn::Sub\` are rendered with worst-case values
   (partition \`aws-us-gov\`, region \`ap-southeast-5\`, 64-character names), campaign ids are UUIDs. The count at which a
   role passes the quota is found by a binary search over in-process synths (CDK's 500-resource check raised for the
   search only).
5. **Lambda code and cold init**: the total size of each function's asset folder in the cloud assembly (before
   zipping), and the time to \`require\` its handler module in a fresh Node process (median of ${run.initRuns}), with
   NODE_PATH pointing at this repository's node_modules in place of the SDK that Lambda's Node.js runtime provides.
   AwsCustomResource's handler requires the service client only when first invoked, so it is shown with and without
   that require.
6. **API calls**: one resource deployed through the local CloudFormation runner (tools/local-cloudformation/) against the
   loopback Connect Campaigns V2 emulator (tools/emulator/); the emulator counts the Connect calls of the create, of a stack
   update that changes one frequency, and of the stack's deletion. CampaignCommunicationLimits also reads its stack
   from the CloudFormation API on a Delete (DescribeStacks; and ListStackResources, except while the whole stack is
   deleted) and on a failed Update; those calls go to CloudFormation's quota, not Connect's, and are not counted here.
7. **Throttled API**: the emulator's token bucket (shared by all operations; an over-rate call gets a 429
   ThrottlingException and uses no token) limits the API while the runner creates N resources at once, each
   function allowed N concurrent invocations (as Lambda would). The ideal time is N / rate. "Applied" counts the
   campaigns that got a successful UpdateCampaignCommunicationLimits during the create; "left" counts overrides still
   on the campaigns when the operation ended. The stack is then deleted under the same throttle (bucket refilled).
8. **Lifecycle**: one resource each, through the runner and the emulator: the campaign removed from the emulator
   before the stack is deleted; the campaign set to Running before the stack is deleted; the campaign set to
   Running before a stack update that changes its limits (the update fails and CloudFormation rolls back, sending
   the previous properties again); a \`Number\` CfnParameter giving frequency 31 (Connect allows 1-30) on create.
9. **Diff**: both one-resource templates synthesized with the first frequency at 7 and at 8; among the custom
   resource's properties that differ, the length of the longest differing scalar value (the line \`cdk diff\` prints
   as changed), and of the whole top-level property.

## Caveats

- **Local runner, not AWS.** Figures 6-8 come from local-cloudformation/, which plays CloudFormation (string-valued
  custom resource properties, create/update/replace/rollback/delete semantics, the response PUT), runs each function's
  code from the assembly in child Node.js processes (warm reuse, per-function concurrency) and answers Lambda
  Invoke for the provider framework. It does not model CloudFormation's own pacing and polling, the network, or IAM's
  size limits (the runner enforces the roles' Allow statements, as the README says, but not the 10,240 characters of a
  role's inline policies, so figure 4's quota is computed, not hit). For figure 7 each function's execution
  environments are initialised when it is created, one per core at a time, and each one's first invocation waits as
  long as its initialisation took: a cold start as long as on an idle core, without the others' CPU (in Lambda each
  environment has its own CPU; docs/benchmarks-fair-share.md). That is this machine's module load, not Lambda's cold
  start, which adds the sandbox's creation and the code's download and runs on a share of a CPU: likely longer. The
  operation times of figure 7 include that initialisation (about 0.15 s per environment, per function, on 2 cores);
  its API phases do not. Its times are relative to one another, not predictions of real deploy times.
- **The emulator is not the service.** It follows the service model's shapes, routes, errors and the documented
  rule that only \`Initialized\` campaigns accept changes; Connect's real quotas for these operations are not
  published (a third-party source says about 1-2 requests/second for campaign mutations). The throttle rate was
  chosen to keep the run short, not to match Connect.
- **Retries.** This library's handler retries throttling, conflicts and 5xx with jittered exponential backoff until
  its Lambda deadline. AwsCustomResource's handler uses the SDK's default retry strategy (standard mode, 3 attempts),
  so a throttled burst exhausts it quickly; the figure shows that difference, and its size depends on the rate and N.
- **Figure 7 varies from run to run**: who gets a token depends on timing, jitter and process start-up, so the
  applied and left-over counts and the times move by some amount between runs; the conclusions above give the statuses
  this run ended in.
- **Synth and cold-init times** are wall clock on a shared ${run.machine.cores}-core machine and vary by some percent
  between runs; compare the two columns of the same run rather than across runs.
- **Cold init** is only the module load in Node.js ${node} on this machine; Lambda's own start-up, the zip download and
  the runtime's SDK location (\`/var/runtime\`) are not included. This library also has a second function on the path (the
  provider framework), which has its own cold start on a real deploy.
`;
}
