/** Figure 1: synth wall-clock time, each measurement in a fresh process (see synth-child.ts). */
import { median, progress, removeDir, runTsChild, tempDir } from './util';
import type { Variant } from './stacks';

interface ChildTiming {
  readonly constructMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
}

export interface SynthMeasurement {
  readonly variant: Variant;
  readonly count: number;
  /** Median of construct-tree building + `app.synth()`, milliseconds. */
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
  /** The cloud assembly of the last run (the caller removes it). */
  readonly assemblyDir: string;
}

/** Runs `runs` fresh-process synths of the variant's stack with `count` resources. */
export async function measureSynth(
  variant: Variant,
  count: number,
  runs: number,
  resourceLimit?: number,
): Promise<SynthMeasurement> {
  const samples: number[] = [];
  let assemblyDir = '';
  for (let run = 0; run < runs; run++) {
    if (assemblyDir) removeDir(assemblyDir);
    assemblyDir = tempDir(`synth-${variant}-${count}`);
    const timing = await runTsChild<ChildTiming>(
      'synth-child.ts',
      [variant, String(count), assemblyDir, ...(resourceLimit ? [String(resourceLimit)] : [])],
      300_000,
    );
    samples.push(timing.totalMs);
    progress(`synth ${variant} x${count} run ${run + 1}/${runs}: ${timing.totalMs.toFixed(0)} ms`);
  }
  return { variant, count, medianMs: median(samples), samplesMs: samples, assemblyDir };
}
