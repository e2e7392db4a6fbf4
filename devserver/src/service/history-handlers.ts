import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type CallContext, longPollBudgetMs } from '../grpc/call-context';
import { invalidArgument } from '../grpc/service-error';
import { type Run } from '../history/run';
import { resolveRun } from '../workflows/resolve-run';

type Request = temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest;
type Response = temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;

const DEFAULT_PAGE_SIZE = 1000;
const CLOSE_EVENT = temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;

/** Resolves when `ready()` holds or the long poll's budget is spent. */
function waitFor(run: Run, ready: () => boolean, budgetMs: number, ctx: CallContext): Promise<void> {
  if (ready() || budgetMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribeEvents();
      unsubscribeCancel();
      resolve();
    };
    const timer = setTimeout(finish, budgetMs);
    const unsubscribeEvents = run.onEvent(() => {
      if (ready()) finish();
    });
    const unsubscribeCancel = ctx.onCancelled(finish);
  });
}

function pageOffset(token: Uint8Array | null | undefined): number {
  if (!token || token.length === 0) return 0;
  const offset = Number(Buffer.from(token).toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('Invalid NextPageToken.');
  return offset;
}

/**
 * Plain paged reads, long polls for new events, and the close-event filter that `result()` uses (exactly one close
 * event, or an empty page with a token so the client polls again).
 */
export async function getWorkflowExecutionHistory(
  engine: Engine,
  request: Request,
  ctx: CallContext,
): Promise<Response> {
  const run = resolveRun(engine.namespace(request.namespace), request.execution);
  const budgetMs = request.waitNewEvent ? longPollBudgetMs(ctx, engine.config.historyPollMs) : 0;
  if (request.historyEventFilterType === CLOSE_EVENT) {
    await waitFor(run, () => !run.isOpen, budgetMs, ctx);
    const close = run.closeEvent;
    if (close) return { history: { events: [close] } };
    return { history: { events: [] }, nextPageToken: request.waitNewEvent ? Buffer.from('0') : undefined };
  }
  const offset = pageOffset(request.nextPageToken);
  if (request.waitNewEvent) await waitFor(run, () => run.events.length > offset || !run.isOpen, budgetMs, ctx);
  const pageSize = request.maximumPageSize && request.maximumPageSize > 0 ? request.maximumPageSize : DEFAULT_PAGE_SIZE;
  const events = run.events.slice(offset, offset + pageSize);
  const nextOffset = offset + events.length;
  const more = nextOffset < run.events.length || (request.waitNewEvent && run.isOpen);
  return {
    history: { events },
    nextPageToken: more ? Buffer.from(String(nextOffset)) : undefined,
  };
}
