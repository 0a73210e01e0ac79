import type { SyncJobKind } from "../outbox";
import { runInitialSyncJob } from "./initial-sync.job";
import type { JobHandler } from "./job-result";
import { runPullCalendarJob } from "./pull-calendar.job";
import { runPushBookingJob } from "./push-booking.job";
import { runPushUnavailableJob } from "./push-unavailable.job";
import { runRefreshCalendarListJob } from "./refresh-calendar-list.job";
import { runRetireAccountJob } from "./retire-account.job";
import { runSendInvitationJob } from "./send-invitation.job";
import { runStopSyncJob } from "./stop-sync.job";

/** The one handler of each job kind. */
export const jobHandlers: { [K in SyncJobKind]: JobHandler<K> } = {
  push_booking: runPushBookingJob,
  push_unavailable: runPushUnavailableJob,
  pull_calendar: runPullCalendarJob,
  initial_sync: runInitialSyncJob,
  stop_sync: runStopSyncJob,
  refresh_calendar_list: runRefreshCalendarListJob,
  send_invitation: runSendInvitationJob,
  retire_account: runRetireAccountJob,
};
