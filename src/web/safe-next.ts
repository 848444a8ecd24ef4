/** Only a local path: a link in a phishing mail must not bounce a signed-in user elsewhere. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-/?=&.%]*$/.test(value) ? value : '';
}
