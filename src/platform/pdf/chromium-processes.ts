import { existsSync, readdirSync, readFileSync } from 'node:fs';

// Chromium's processes as Linux shows them in /proc. Puppeteer spawns Chromium detached, so
// its pid is also the group id of every process it starts (zygotes, renderers, utilities).
// Where there is no /proc, every list here is empty and callers fall back to closing contexts.

/** Clock ticks per second in /proc/<pid>/stat; USER_HZ is 100 on every Linux Chromium runs on. */
const TICKS_PER_SECOND = 100;

// Zygote children retitle themselves: their arguments are then joined by spaces, not NULs.
const RENDERER = /(^|[\0 ])--type=renderer([\0 ]|$)/;
const PRINT_COMPOSITOR = /(^|[\0 ])--utility-sub-type=printing\.mojom\.PrintCompositor([\0 ]|$)/;

interface ProcStat {
  state: string;
  pgrp: number;
  /** When the process started, in ticks since boot. */
  startedAt: number;
}

/** Now, in the ticks since boot that a process's start time is counted in. */
export function bootTicks(): number {
  try {
    return Math.floor(
      Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * TICKS_PER_SECOND,
    );
  } catch {
    return 0;
  }
}

/** Live (not zombie) processes of the group. */
export function liveProcessesOfGroup(pgid: number): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat?.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') pids.push(Number(entry));
  }
  return pids;
}

/** The group's renderer processes: one per browser context, and one for the first tab. */
export function rendererPids(pgid: number): number[] {
  return liveProcessesOfGroup(pgid).filter((pid) => RENDERER.test(cmdlineOf(pid)));
}

/**
 * The group's print compositors: the utility process Chromium starts for each print, which
 * turns the renderer's pages into the PDF. It is not the page's, so closing the page's context
 * does not stop it: a big print goes on compositing, for seconds and hundreds of MB.
 */
export function printCompositors(pgid: number): { pid: number; startedAt: number }[] {
  return liveProcessesOfGroup(pgid)
    .filter((pid) => PRINT_COMPOSITOR.test(cmdlineOf(pid)))
    .map((pid) => ({ pid, startedAt: statOf(pid)?.startedAt ?? 0 }));
}

/** SIGKILLs `pid` if it is still in group `pgid`, so a reused pid is never signalled. */
export function killInGroup(pid: number, pgid: number): void {
  if (statOf(pid)?.pgrp !== pgid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: it ended on its own meanwhile.
  }
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return ''; // it ended while we looked
  }
}

function statOf(pid: number): ProcStat | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgrp: Number(fields[2]), startedAt: Number(fields[19]) };
  } catch {
    return undefined; // the process ended while we looked, or there is no /proc
  }
}
