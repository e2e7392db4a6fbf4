import { type temporal } from '../proto/codec';
import { processUpdateMessage } from '../updates/protocol-messages';
import { type CommandHandler } from './command-context';

/** Processes the referenced message of the same completion at this command's position. */
export const protocolMessage: CommandHandler<temporal.api.command.v1.IProtocolMessageCommandAttributes> = {
  apply(ctx, attributes) {
    const message = ctx.messages.get(attributes.messageId ?? '');
    if (!message) return;
    ctx.messages.delete(attributes.messageId ?? '');
    processUpdateMessage(ctx, message);
  },
};
