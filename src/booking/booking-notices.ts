// Texts about a booking's changes: to the business for every new, moved or cancelled booking
// (when the org's notifyBusiness switch is on, the default), and to the customer when an operator
// cancels. In HIPAA mode a text names the appointment, never the treatment.
import type { NotifyProvider } from '../providers/notify/types.ts';
import { isHipaa } from '../privacy/hipaa.ts';
import type { OrgSettings } from '../templates/types.ts';
import { renderWhen } from '../time/render-time.ts';

export type BookingChange = 'new' | 'moved' | 'cancelled';

export interface BookingFacts {
  customerName: string;
  customerPhone?: string | null;
  service: string;
  start: Date;
}

export interface NoticeOrg {
  id: string;
  name?: string;
  timezone: string;
  settings: OrgSettings;
}

/** Whether the business hears of booking changes: on unless the org turned it off. */
export function notifiesBusiness(settings: Pick<OrgSettings, 'notifyBusiness'>): boolean {
  return settings.notifyBusiness !== false;
}

const HEADLINE: Record<BookingChange, string> = {
  new: 'New booking',
  moved: 'Booking moved',
  cancelled: 'Booking cancelled',
};

/** "New booking: Maria Gonzalez (+15125550123), Heating Repair, Friday, November 27th at 8 AM." */
export function businessNoticeText(
  org: NoticeOrg,
  change: BookingChange,
  b: BookingFacts,
  by: 'caller' | 'operator',
): string {
  const what = isHipaa(org.settings) ? 'appointment' : b.service;
  const who = `${b.customerName}${b.customerPhone ? ` (${b.customerPhone})` : ''}`;
  const source = by === 'caller' ? 'by phone' : 'by an operator';
  return `${HEADLINE[change]} ${source}: ${who}, ${what}, ${renderWhen(b.start, org.timezone)}.`;
}

/** The customer's text when the business cancels their appointment. */
export function customerCancelText(org: NoticeOrg, b: BookingFacts): string {
  const what = isHipaa(org.settings) ? 'appointment' : `${b.service} appointment`;
  const from = org.name ? `${org.name}: ` : '';
  return `${from}your ${what} on ${renderWhen(b.start, org.timezone)} has been cancelled. Call us to book a new time.`;
}

/** Sends the business its notice of a change, if the org wants them; never throws. */
export async function tellBusiness(
  notify: NotifyProvider,
  org: NoticeOrg,
  change: BookingChange,
  b: BookingFacts,
  ctx: { by: 'caller' | 'operator'; callId?: string | null },
): Promise<void> {
  if (!notifiesBusiness(org.settings)) return;
  const body = businessNoticeText(org, change, b, ctx.by);
  const to = org.settings.businessPhone ?? 'business';
  await notify.send({ orgId: org.id, ...(ctx.callId ? { callId: ctx.callId } : {}), to, body }).catch(() => undefined);
}
