import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../platform/queue/job-queue.js';
import { OverdueReminders } from './overdue-reminders.js';

/** The case clocks' recurring work, run by the job queue once across all instances. */
@Injectable()
export class CaseSchedules implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly reminders: OverdueReminders,
  ) {}

  onModuleInit(): void {
    this.queue.schedule('cases.overdue-reminders', { everyMinutes: 5 }, async () => {
      await this.reminders.runOnce();
    });
  }
}
