import { createAlertStaff } from './alerts';
import { createCampaignActivities } from './campaign';
import type { ActivityDeps } from './deps';
import { createNotify } from './notify/notify';
import { createPlanSend } from './planning';
import { createRecordAction, createRecordSurveyResponse, createRecordTicket, createShipmentProgress } from './records';
import type { CampaignActivities } from './campaign/types';
import type { NotifyActivities } from './types';

export type { ActivityDeps } from './deps';
export type { NotifyActivities } from './types';
export type { CampaignActivities } from './campaign/types';

/** Every activity the worker registers, closed over dependencies the worker built once. */
export function createActivities(deps: ActivityDeps): NotifyActivities & CampaignActivities {
  return {
    ...createCampaignActivities(deps),
    notify: createNotify(deps),
    planSend: createPlanSend(deps),
    alertStaff: createAlertStaff(deps),
    recordAction: createRecordAction(deps),
    shipmentProgress: createShipmentProgress(deps),
    recordTicket: createRecordTicket(deps),
    recordSurveyResponse: createRecordSurveyResponse(deps),
  };
}
