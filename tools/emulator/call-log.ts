/** The record of answered requests. */
import type { CallFilter, CallRecord } from './types';

export class CallLog {
  private readonly records: CallRecord[] = [];

  record(call: CallRecord): void {
    this.records.push(call);
  }

  /** Copies of the records, oldest first. */
  all(): readonly CallRecord[] {
    return this.records.map((call) => ({ ...call, time: new Date(call.time) }));
  }

  /** Number of records that match every member of `filter`. */
  count(filter: CallFilter = {}): number {
    return this.records.filter((call) => matches(call, filter)).length;
  }

  reset(): void {
    this.records.length = 0;
  }
}

function matches(call: CallRecord, filter: CallFilter): boolean {
  const { outcome, ...fields } = filter;
  if (outcome !== undefined && outcome !== (call.errorType === undefined ? 'success' : 'error')) return false;
  return (Object.keys(fields) as (keyof typeof fields)[]).every(
    (key) => fields[key] === undefined || fields[key] === call[key],
  );
}
