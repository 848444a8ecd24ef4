import type { EntityManager } from 'typeorm';
import { JobQueue } from '../platform/queue/job-queue.js';

/**
 * The CLI's queue: features still register their workers when their modules load, but the CLI
 * works no jobs (a short-lived process would take a job and die with it) and none of its
 * commands sends mail, so adding one is a mistake to report, not to queue silently.
 */
export class NoJobQueue extends JobQueue {
  enqueue(_em: EntityManager, name: string): Promise<void> {
    return Promise.reject(new Error(`the CLI runs no jobs (asked to queue ${name})`));
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }
}
