import { conclusions } from '../../../tools/bench/conclusions';
import { renderConclusions, renderNotes, renderTable } from '../../../tools/bench/report';
import type { BenchResults, DeployResults } from '../../../tools/bench/results';
import { SAMPLE_DEPLOY, SAMPLE_RESULTS } from './sample-results';

/** The sample with some deploy figures replaced. */
function withDeploy(change: (deploy: DeployResults) => DeployResults): BenchResults {
  return { ...SAMPLE_RESULTS, deploy: change(SAMPLE_DEPLOY) };
}

describe('conclusions', () => {
  test('state each variant’s status, the ideal-time multiple and the IAM crossover from the figures', () => {
    const text = renderConclusions(SAMPLE_RESULTS);
    expect(text).toContain(
      'Delete the stack after the campaign was deleted: CampaignCommunicationLimits ends in `DELETE_COMPLETE`, ' +
        'AwsCustomResource in `DELETE_FAILED`.',
    );
    expect(text).toContain('Create with frequency 31 given through a CfnParameter: both end in `ROLLBACK_COMPLETE`');
    expect(text).toContain('CampaignCommunicationLimits makes no API call');
    expect(text).toContain(
      'CampaignCommunicationLimits ends in `CREATE_COMPLETE` with 50/50 applied, its API phase 1.83× the ideal time',
    );
    expect(text).toContain(
      'AwsCustomResource ends in `ROLLBACK_FAILED` with 20/50 applied, 13 override(s) left behind',
    );
    expect(text).toContain("AwsCustomResource's largest role passes IAM's 10,240 characters at 24 resources");
    expect(text).toContain("CampaignCommunicationLimits's largest role stays within IAM's 10,240 characters up to 480");
    expect(text).toContain("over CloudFormation's 500 resources per stack and 1 MB per template");
  });

  test('follow a run with other figures', () => {
    const throttle = SAMPLE_DEPLOY.throttle;
    const other = withDeploy((deploy) => ({
      ...deploy,
      throttle: {
        ours: { ...throttle.ours, create: { ...throttle.ours.create, apiSeconds: 15 } },
        awscr: {
          ...throttle.awscr,
          create: { ...throttle.awscr.create, status: 'CREATE_COMPLETE', applied: 50, apiSeconds: 30 },
        },
      },
      lifecycle: {
        ...deploy.lifecycle,
        deleteAfterRunning: {
          ...deploy.lifecycle.deleteAfterRunning,
          awscr: { ...deploy.lifecycle.deleteAfterRunning.awscr, status: 'DELETE_COMPLETE' },
        },
      },
    }));
    const iam = { ...other.iam, firstCountOverLimit: { ours: 400, awscr: 30 } };
    const text = conclusions({ ...other, iam }).join('\n');
    expect(text).toContain('its API phase 1.50× the ideal time');
    expect(text).toContain('AwsCustomResource ends in `CREATE_COMPLETE` with 50/50 applied, its API phase 3.00×');
    expect(text).not.toContain('override(s) left behind');
    expect(text).toContain('Delete the stack after the campaign started (Running): both end in `DELETE_COMPLETE`.');
    expect(text).toContain(
      "CampaignCommunicationLimits's largest role passes IAM's 10,240 characters at 400 resources",
    );
    expect(text).toContain('at 30 resources');
  });

  test('leave out the deploy scenarios when the deploys were not measured', () => {
    const text = conclusions({ ...SAMPLE_RESULTS, deploy: { error: 'skipped (--skip-deploy)' } }).join('\n');
    expect(text).not.toMatch(/ROLLBACK|throttled|API calls/);
    expect(text).toContain('Inline policies:');
  });

  test('call a template within the limits deployable', () => {
    const awscr = SAMPLE_RESULTS.templates.awscr;
    const templates = {
      ...SAMPLE_RESULTS.templates,
      awscr: { ...awscr, large: { ...awscr.large, resources: 400, bytes: 900_000 } },
    };
    const results = { ...SAMPLE_RESULTS, templates };
    expect(conclusions(results).join('\n')).not.toContain('cannot be deployed');
    expect(renderNotes(results).join('\n')).not.toContain('cannot be deployed');
    expect(renderTable(results)).not.toContain('over the 500-resource limit');
  });
});

describe('notes', () => {
  test('judge the peak of two policies against IAM’s limit', () => {
    expect(renderNotes(SAMPLE_RESULTS).join('\n')).toContain('8,110 chars, still under 10,240');
    const iam = { ...SAMPLE_RESULTS.iam, oursPeak: { count: 32, chars: 6000 } };
    expect(renderNotes({ ...SAMPLE_RESULTS, iam }).join('\n')).toContain('12,000 chars, **over** 10,240');
  });

  test('say that this library fails before any call only when it made none', () => {
    expect(renderNotes(SAMPLE_RESULTS).join('\n')).toContain('CampaignCommunicationLimits fails before any call');
    const called = withDeploy((deploy) => ({
      ...deploy,
      lifecycle: {
        ...deploy.lifecycle,
        badValue: {
          ...deploy.lifecycle.badValue,
          ours: { ...deploy.lifecycle.badValue.ours, calls: { UpdateCampaignCommunicationLimits: 1 } },
        },
      },
    }));
    expect(renderNotes(called).join('\n')).not.toContain('fails before any call');
    expect(conclusions(called).join('\n')).toContain(
      'CampaignCommunicationLimits calls UpdateCampaignCommunicationLimits ×1',
    );
  });
});
