/** The workflow bundle's entry: every workflow type the worker registers. */
export { orderJourney } from './order-journey';
export { supportTicket } from './support-ticket';
export { campaign } from './campaign';
export { redelivery } from './redelivery';
