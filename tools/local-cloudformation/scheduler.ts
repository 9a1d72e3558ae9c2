/** Runs actions over a dependency graph: each as soon as its prerequisites are done, independent ones at once. */

/**
 * What a failed action means for the rest:
 * - `stop`: start nothing more (actions in flight finish), as CloudFormation does on a failed create or update;
 * - `skip-dependents`: skip what waits on the failure, go on with everything else (deletes of a stack or rollback);
 * - `ignore`: treat the failure as done (cleanup, where a failed delete is only a warning).
 */
export type FailurePolicy = 'stop' | 'skip-dependents' | 'ignore';

export type ActionOutcome = 'succeeded' | 'failed' | 'not-started';

/**
 * Runs `action` for every node after the `prerequisites` of that node that are among `nodes` have succeeded.
 * The graph must be acyclic. Resolves when nothing is running any more.
 */
export async function runInDependencyOrder(
  nodes: Iterable<string>,
  prerequisites: (node: string) => Iterable<string>,
  action: (node: string) => Promise<boolean>,
  policy: FailurePolicy,
): Promise<Map<string, ActionOutcome>> {
  const members = new Set(nodes);
  const runs = new Map<string, Promise<ActionOutcome>>();
  let stopped = false;

  const run = (node: string): Promise<ActionOutcome> => {
    const existing = runs.get(node);
    if (existing) return existing;
    const started = (async (): Promise<ActionOutcome> => {
      await Promise.resolve(); // registers this run before its prerequisites are visited
      const before = await Promise.all([...prerequisites(node)].filter((other) => members.has(other)).map(run));
      const blocked = before.some(
        (outcome) => outcome === 'not-started' || (outcome === 'failed' && policy !== 'ignore'),
      );
      if (blocked || stopped) return 'not-started';
      const succeeded = await action(node);
      if (!succeeded && policy === 'stop') stopped = true;
      return succeeded ? 'succeeded' : 'failed';
    })();
    runs.set(node, started);
    return started;
  };

  const outcomes = await Promise.all([...members].map(async (node) => [node, await run(node)] as const));
  return new Map(outcomes);
}

/** Inverts a dependency relation: for each node, the nodes that depend on it (to delete in reverse order). */
export function dependentsOf(dependencies: ReadonlyMap<string, readonly string[]>): (node: string) => string[] {
  const dependents = new Map<string, string[]>();
  for (const [node, prerequisites] of dependencies) {
    for (const prerequisite of prerequisites)
      dependents.set(prerequisite, [...(dependents.get(prerequisite) ?? []), node]);
  }
  return (node) => dependents.get(node) ?? [];
}
