/**
 * Replays a document's workflow history against the current workflow code and prints the report: is the
 * code deterministic for it, does it reproduce every state the run recorded, and what was the card at T.
 *
 *   tsx client/replay-document.ts <documentId> [--at 2026-11-23T10:00:00+05:00] [--state]
 *   tsx client/replay-document.ts --file history.json [--workflow-id document:<id>] [--at …] [--state]
 *
 * A file may be Temporal's JSON history (as GET /api/documents/:id/history/export or `temporal workflow show
 * --output json` give it) or a saved test history ({ workflowId, history }). Exit status 0 when the replay is
 * deterministic and reproduces every recorded state, 1 otherwise, 2 on bad usage.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { loadConfig, temporalAddress } from '../config';
import { documentWorkflowId } from '../workflows/definitions';
import { replayDocumentHistory, type ReplayReport } from './replay/document-replay';
import { connectTemporal } from './temporal';

const USAGE = 'usage: tsx client/replay-document.ts <documentId> | --file history.json [--workflow-id id] [--at ISO-instant] [--state]';

async function loadHistory(documentId: string | undefined, file: string | undefined, workflowIdOption: string | undefined): Promise<{ history: History; workflowId: string }> {
  if (file) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { workflowId?: string; history?: unknown; events?: unknown };
    const raw = parsed.events ? parsed : parsed.history;
    return { history: historyFromJSON(raw), workflowId: workflowIdOption ?? parsed.workflowId ?? 'replayed-document' };
  }
  const config = loadConfig();
  const client = await connectTemporal(temporalAddress(config), config.temporal.namespace);
  try {
    const workflowId = documentWorkflowId(documentId!);
    return { history: await client.workflow.getHandle(workflowId).fetchHistory(), workflowId };
  } finally {
    await client.connection.close();
  }
}

function summary(report: ReplayReport, withState: boolean): object {
  const { stateAt, ...rest } = report;
  return { ...rest, stateAt: stateAt && (withState ? stateAt : { at: stateAt.at, seq: stateAt.seq, status: stateAt.state.status, stage: stateAt.state.stage }) };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { file: { type: 'string' }, 'workflow-id': { type: 'string' }, at: { type: 'string' }, state: { type: 'boolean', default: false } },
  });
  const documentId = positionals[0];
  if (!documentId === !values.file) {
    console.error(USAGE);
    return 2;
  }
  const at = values.at ? new Date(values.at) : undefined;
  if (at && Number.isNaN(at.getTime())) {
    console.error(`--at "${values.at}" is not an instant; ${USAGE}`);
    return 2;
  }
  const { history, workflowId } = await loadHistory(documentId, values.file, values['workflow-id']);
  const report = await replayDocumentHistory(history, { workflowId, at });
  console.log(JSON.stringify(summary(report, values.state ?? false), null, 2));
  return report.deterministic && report.statesMatchRecorded ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
