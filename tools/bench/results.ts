/**
 * The results schema: the typed figures one run of the benchmark produces, per variant. report.ts turns them into
 * markdown and conclusions.ts into prose; neither measures anything.
 */
import type { MachineInfo } from './machine';
import type { ApiCallFigures, LifecycleOutcome, ThrottleFigures } from './measure-deploy';
import type { DiffFigures } from './measure-diff';
import type { HandlerFigures } from './measure-handler';
import type { SynthMeasurement } from './measure-synth';
import type { TemplateFigures } from './measure-template';
import type { RolePolicies } from '../iam-policy-size';
import type { LifecycleCase } from './lifecycle-cases';
import type { Variant } from './stacks';

export type PerVariant<T> = Readonly<Record<Variant, T>>;

/** Figures 6-8, from deploys through the local CloudFormation runner. */
export interface DeployResults {
  readonly apiCalls: PerVariant<ApiCallFigures>;
  readonly throttle: PerVariant<ThrottleFigures>;
  readonly lifecycle: Readonly<Record<LifecycleCase, PerVariant<LifecycleOutcome>>>;
}

export interface BenchResults {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly command: string;
  readonly synthRuns: number;
  readonly initRuns: number;
  readonly counts: { readonly small: number; readonly large: number };
  readonly synth: PerVariant<{ readonly small: SynthMeasurement; readonly large: SynthMeasurement }>;
  readonly templates: PerVariant<{ readonly small: TemplateFigures; readonly large: TemplateFigures }>;
  /** Why a variant's large stack does not synthesize with CDK's default resource limit, if it does not. */
  readonly defaultSynthErrors: Partial<PerVariant<string>>;
  readonly iam: {
    readonly largestAtLarge: PerVariant<RolePolicies>;
    /** Smallest count at which the largest role passes 10,240 (undefined: never up to `searchMax`). */
    readonly firstCountOverLimit: PerVariant<number | undefined>;
    readonly searchMax: number;
    /** Campaign count up to which this library's policy lists each ARN. */
    readonly oursListsArnsUpTo?: number;
    /** This library's largest role total at that count (its peak). */
    readonly oursPeak?: { readonly count: number; readonly chars: number };
  };
  readonly handlers: HandlerFigures;
  readonly diff: PerVariant<DiffFigures>;
  /** The deploy figures, or why there are none (skipped, or the runner failed). */
  readonly deploy: DeployResults | { readonly error: string };
  readonly totalSeconds: number;
  /** Set when assets/on-event/index.js changed while the benchmark ran (a rebuild): the figures may mix versions. */
  readonly bundleChangedDuringRun?: string;
}
