/** User text that must come out of every document as literal, inert characters. */
export const HOSTILE_STRINGS: readonly string[] = [
  "{{constructor.constructor('return process')()}}",
  '<script>alert(1)</script>',
  '<img src=http://127.0.0.1:9/x>',
  '<iframe src=file:///etc/passwd>',
  '<link rel=stylesheet href=http://127.0.0.1:9/x.css>',
];
