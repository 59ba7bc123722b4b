export * from './views';
export { ReminderNotSentError, DigestNotSentError } from './errors';
export { reminderName, SCHEDULE_NAME } from './names';
export { guestIsWritten, planReminders, uploadsCloseOf } from './plan';
export { type Converged, convergeReminders } from './converge';
export { ClockedScheduler, type FireReport, LOCAL_ATTEMPTS, LOCAL_RETRY_MS } from './clocked-scheduler';
export { type FireOutcome, type ReminderDependencies, type ReminderLinks, type ReminderRenderers, ReminderService } from './reminder-service';
export { DIGEST_SLOT, type DigestDependencies, type DigestOutcome, DigestService } from './digest-service';
