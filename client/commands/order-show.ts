import type { Command } from 'commander';
import { orderWorkflowId, stateQuery } from '../../workflows/order-journey/contract';
import { commandGroup } from '../command-group';
import { configFor } from '../context';
import { palette } from '../output/colour';
import { processTerminal } from '../output/terminal';
import { localZone } from '../output/time';
import type * as ShowState from '../temporal/show-state';
import { renderOrderState } from '../views/order-state-view';

export function register(program: Command): void {
  commandGroup(program, 'order', 'order journeys')
    .command('show')
    .argument('<orderId>', 'the order id (the workflow is order:<orderId>)')
    .description("show an order journey's state: stage, shipments, open prompt, what is due next, messages sent")
    .option('--json', 'print the state query result as JSON')
    .action(async (orderId: string, options: { json?: boolean }, command: Command) => {
      const { temporal } = configFor(command);
      const terminal = processTerminal();
      const workflowId = orderWorkflowId(orderId);
      // Loaded on use: the Temporal client is heavy, and --help needs none of it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { showWorkflowState } = require('../temporal/show-state') as typeof ShowState;
      process.exitCode = await showWorkflowState(temporal, terminal, {
        noun: 'order journey',
        workflowId,
        query: stateQuery,
        json: options.json === true,
        render: (state) =>
          renderOrderState(state, workflowId, { now: Date.now(), zone: localZone(), style: palette(terminal.colour) }),
      });
    });
}
