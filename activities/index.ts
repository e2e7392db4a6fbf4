import { createAlertStaff } from './alerts';
import { createCampaignActivities } from './campaign';
import type { ActivityDeps } from './deps';
import { createNotify } from './notify/notify';
import { createPlanRedelivery } from './notify/plan-redelivery';
import { createSettleNotification } from './notify/settle';
import { createPlanSend } from './planning';
import { createRecordAction, createRecordSurveyResponse, createRecordTicket, createShipmentProgress } from './records';
import type { CampaignActivities } from '../domain/campaign/activity-contract';
import type { DeliveryActivities, NotifyActivities } from '../domain/activity-contract';

export type { ActivityDeps } from './deps';
export type { NotifyActivities } from '../domain/activity-contract';
export type { CampaignActivities } from '../domain/campaign/activity-contract';

/** Every activity the worker registers, closed over dependencies the worker built once. */
export function createActivities(deps: ActivityDeps): NotifyActivities & CampaignActivities & DeliveryActivities {
  return {
    ...createCampaignActivities(deps),
    notify: createNotify(deps),
    settleNotification: createSettleNotification(deps),
    planRedelivery: createPlanRedelivery(deps),
    planSend: createPlanSend(deps),
    alertStaff: createAlertStaff(deps),
    recordAction: createRecordAction(deps),
    shipmentProgress: createShipmentProgress(deps),
    recordTicket: createRecordTicket(deps),
    recordSurveyResponse: createRecordSurveyResponse(deps),
  };
}
