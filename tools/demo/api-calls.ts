/**
 * How the demo reports the Connect API calls of one step: each operation with its count, and the calls Connect
 * refused, with the error it answered, so that a refused call never reads as one that did something.
 */
import type { CallRecord } from '../emulator';

export function describeApiCalls(calls: readonly Pick<CallRecord, 'operation' | 'status' | 'errorType'>[]): string {
  const byOperation = new Map<string, { count: number; refused: string[] }>();
  for (const call of calls) {
    const entry = byOperation.get(call.operation) ?? { count: 0, refused: [] };
    entry.count++;
    if (call.status >= 400) entry.refused.push(call.errorType ?? `HTTP ${call.status}`);
    byOperation.set(call.operation, entry);
  }
  if (byOperation.size === 0) return 'none';
  return [...byOperation]
    .map(([operation, { count, refused }]) => {
      if (refused.length === 0) return `${operation} x${count}`;
      const errors = [...new Set(refused)].join(', ');
      const which = refused.length === count ? 'refused' : `${refused.length} refused`;
      return `${operation} x${count} (${which}: ${errors})`;
    })
    .join(', ');
}
