/** The drift report as the command prints it: a table for a terminal, or JSON for a pipeline. */
import type { CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import { DriftReport, DriftRow, exitStatus } from './drift-check';

/** `3 per 7 days, 1 per day; instance limits OPT_IN`. */
export function describeLimits(config: CommunicationLimitsConfig | null | undefined, kind = 'campaign'): string {
  if (config === undefined) return '-';
  if (config === null) return kind === 'campaign' ? '(no override)' : '(none)';
  const list = config.allChannelSubtypes?.communicationLimitsList ?? [];
  const caps = list.map((l) => `${l.maxCountPerRecipient} per ${l.frequency === 1 ? 'day' : `${l.frequency} days`}`);
  const handling = config.instanceLimitsHandling ? `instance limits ${config.instanceLimitsHandling}` : undefined;
  return [caps.join(', ') || '(no caps)', handling].filter((part) => part !== undefined).join('; ');
}

function verdictText(row: DriftRow): string {
  const verdict = row.reason ? `${row.verdict} (${row.reason})` : row.verdict;
  return row.correction ? `${verdict}; ${row.correction.detail}` : verdict;
}

/** One row per construct, with a header; then what the exit status says. */
export function formatTable(report: DriftReport): string {
  const lines = [`stack ${report.stack.stackName} (${report.stack.status})`];
  if (!report.checked) return [...lines, `not checked: ${report.reason ?? ''}`].join('\n');
  if (report.rows.length === 0) {
    return [...lines, 'no CampaignCommunicationLimits or InstanceCommunicationLimits in this stack'].join('\n');
  }
  const rows = [
    ['construct', 'target', 'declared', 'live', 'campaign state', 'verdict'],
    ...report.rows.map((row) => [
      row.path,
      `${row.kind} ${row.target}`,
      describeLimits(row.declared),
      describeLimits(row.live, row.kind),
      row.state ?? '-',
      verdictText(row),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [...lines, '', line(rows[0]), ...rows.slice(1).map(line)].join('\n');
}

/** The report, and the exit status it gives, as JSON. */
export function formatJson(report: DriftReport): string {
  return JSON.stringify({ ...report, exitStatus: exitStatus(report) }, null, 2);
}
