import type { Policy } from '../domain/policy';
import type { FileConfig } from './schema';

/** Maps the file's human names (`threshold: 48h`) onto the policy snapshot workflows receive (`thresholdMs`). */
export function toPolicy(file: FileConfig['policy']): Policy {
  const { stall, firstResponse, usageGuide, checkIn } = file;
  return {
    stall: {
      thresholdMs: stall.threshold,
      carrierThresholdMs: stall.carrierThresholds,
      replyWindowMs: stall.replyWindow,
      followUpAfterMs: stall.followUpAfter,
      maxNoticesPerShipment: stall.maxNoticesPerShipment,
    },
    lateDelivery: file.lateDelivery,
    usageGuide: {
      afterDays: usageGuide.afterDays,
      atLocal: usageGuide.at,
      skipIfReturnRequested: usageGuide.skipIfReturnRequested,
      skipIfTicketOpen: usageGuide.skipIfTicketOpen,
    },
    firstResponse: {
      slaMs: {
        urgent: firstResponse.urgent,
        high: firstResponse.high,
        normal: firstResponse.normal,
        low: firstResponse.low,
      },
      warnAt: firstResponse.warnAt,
      holdingMessageAtBreach: firstResponse.holdingMessageAtBreach,
    },
    checkIn: {
      afterResolutionDays: checkIn.afterResolutionDays,
      afterReshipDeliveryDays: checkIn.afterReshipDeliveryDays,
      atLocal: checkIn.at,
      replyWindowMs: checkIn.replyWindow,
      lowScoreAtMost: checkIn.lowScoreAtMost,
    },
    windows: file.windows,
    windowExempt: file.windowExempt,
    classes: file.classes,
    frequencyCaps: Object.fromEntries(
      Object.entries(file.frequencyCaps).flatMap(([cls, cap]) =>
        cap ? [[cls, { max: cap.max, perMs: cap.per }]] : [],
      ),
    ),
    localeFallback: file.localeFallback,
    defaultTimezone: file.defaultTimezone,
    staleAfterMs: file.staleAfter,
    clockSkewToleranceMs: file.clockSkewTolerance,
  };
}
