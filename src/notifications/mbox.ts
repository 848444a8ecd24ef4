/**
 * One message as an entry of an mbox file, in the mboxrd variant: a "From " separator line, the
 * message with LF line ends, and every line that starts with zero or more ">" then "From "
 * given one more ">", so a reader can always tell a separator from a line of the message.
 */
export function mboxEntry(raw: Buffer, envelopeSender: string, at: Date): Buffer {
  const text = raw
    .toString('utf8')
    .replace(/\r\n/g, '\n')
    .replace(/^(>*From )/gm, '>$1')
    .replace(/\n*$/, '\n');
  return Buffer.from(`From ${envelopeSender} ${asctime(at)}\n${text}\n`, 'utf8');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The C library's asctime() layout, in UTC, as mbox separator lines carry it. */
function asctime(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2, ' ')} ` +
    `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} ${at.getUTCFullYear()}`
  );
}
