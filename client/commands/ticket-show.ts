import type { Command } from 'commander';
import { ticketStateQuery, ticketWorkflowId } from '../../workflows/support-ticket/contract';
import { commandGroup } from '../command-group';
import { configFor } from '../context';
import { palette } from '../output/colour';
import { processTerminal } from '../output/terminal';
import { localZone } from '../output/time';
import type * as ShowState from '../temporal/show-state';
import { renderTicketState } from '../views/ticket-state-view';

export function register(program: Command): void {
  commandGroup(program, 'ticket', 'support tickets')
    .command('show')
    .argument('<ticketId>', 'the ticket id (the workflow is ticket:<ticketId>)')
    .description("show a support ticket's state: SLA, resolution, check-in, score, messages sent")
    .option('--json', 'print the state query result as JSON')
    .action(async (ticketId: string, options: { json?: boolean }, command: Command) => {
      const { temporal } = configFor(command);
      const terminal = processTerminal();
      const workflowId = ticketWorkflowId(ticketId);
      // Loaded on use: the Temporal client is heavy, and --help needs none of it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { showWorkflowState } = require('../temporal/show-state') as typeof ShowState;
      process.exitCode = await showWorkflowState(temporal, terminal, {
        noun: 'support ticket',
        workflowId,
        query: ticketStateQuery,
        json: options.json === true,
        render: (state) =>
          renderTicketState(state, workflowId, { now: Date.now(), zone: localZone(), style: palette(terminal.colour) }),
      });
    });
}
