import { readFileSync } from 'node:fs';

/**
 * A process's /proc stat line: its name, and the fields after it (state is [0], ppid [1],
 * nice [16], num_threads [17]). Split after the last ')', since a name may hold ') ' itself.
 */
export function procStat(pid: number | string): { name: string; fields: string[] } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    fields: stat.slice(stat.lastIndexOf(')') + 2).split(' '),
  };
}
