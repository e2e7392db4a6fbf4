import { IANAZone } from 'luxon';

/**
 * Time zones as customers' records carry them: IANA names (`Asia/Shanghai`), checked against the zone data of the
 * running JavaScript engine, which is also what send-window math will use.
 */

export const TIMEZONE_EXAMPLE = 'Asia/Shanghai';

export function isIanaTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}
