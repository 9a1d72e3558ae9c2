/**
 * The drift check's instance kind: an `InstanceCommunicationLimits` declares an Amazon Connect instance's limits.
 * Read with GetInstanceCommunicationLimits; compared with the handler's own comparison of limit lists; corrected
 * with PutInstanceCommunicationLimits, which Connect accepts in any state (there is no campaign-style state rule).
 */
import { INSTANCE_RESOURCE_TYPE } from '../../lib/shared/contract';
import { parseDesiredInstanceLimits } from '../desired-instance-limits';
import { sameLimitList } from '../desired-limits';
import { InstanceNotFoundError } from '../errors';
import type { InstanceApi } from '../instance-api';
import { Inspection, TargetKind, VERDICTS } from './target-kind';

export function instanceTarget(instances: InstanceApi): TargetKind {
  return {
    name: 'instance',
    resourceType: INSTANCE_RESOURCE_TYPE,
    idProperty: 'ConnectInstanceId',
    declared(properties) {
      const { connectInstanceId, config } = parseDesiredInstanceLimits(properties);
      return { targetId: connectInstanceId, limits: config };
    },
    async inspect(connectInstanceId, declared): Promise<Inspection> {
      let live;
      try {
        live = await instances.getLimits(connectInstanceId);
      } catch (error) {
        if (error instanceof InstanceNotFoundError) return { verdict: VERDICTS.targetGone };
        throw error;
      }
      const verdict = sameLimitList(live, declared) ? VERDICTS.inSync : VERDICTS.drifted;
      return { verdict, live: live?.allChannelSubtypes ? live : null };
    },
    correct: (connectInstanceId, declared) => instances.putLimits(connectInstanceId, declared),
    uncorrectable: (inspection) =>
      inspection.verdict === VERDICTS.targetGone
        ? 'the instance no longer exists, or is not set up for outbound campaigns'
        : undefined,
    describeFailure: () => undefined,
  };
}
