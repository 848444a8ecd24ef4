import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../platform/queue/job-queue.js';
import { OverdueReminders } from './overdue-reminders.js';
import { PolicyReviewReminders } from './policy-review-reminders.js';

/** The case clocks' recurring work, run by the job queue once across all instances. */
@Injectable()
export class CaseSchedules implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly reminders: OverdueReminders,
    private readonly policyReviews: PolicyReviewReminders,
  ) {}

  onModuleInit(): void {
    this.queue.schedule('cases.overdue-reminders', { everyMinutes: 5 }, async () => {
      await this.reminders.runOnce();
    });
    // A review date is a day, not a minute: once an hour is soon enough.
    this.queue.schedule('schools.policy-review-reminders', { everyMinutes: 60 }, async () => {
      await this.policyReviews.runOnce();
    });
  }
}
