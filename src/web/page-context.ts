import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import type { Role } from '../common/role.js';
import { CsrfService, PRE_SESSION_COOKIE } from './csrf.service.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export interface PageBase {
  page: {
    title: string;
    user: { name: string } | null;
    nav: NavItem[];
    csrfToken: string;
    flash: string | null;
  };
}

const NAV: { href: string; label: string; roles: Role[] | 'all' }[] = [
  { href: '/reports/new', label: 'Report a concern', roles: 'all' },
  { href: '/reports/mine', label: 'My reports', roles: 'all' },
  { href: '/notifications', label: 'Notifications', roles: 'all' },
  {
    href: '/cases',
    label: 'Cases',
    roles: ['headteacher', 'dsl', 'chair_of_governors', 'governor'],
  },
  { href: '/hr', label: 'HR advice', roles: ['hr'] },
  { href: '/governors', label: 'Governors', roles: ['governor', 'chair_of_governors'] },
  { href: '/admin', label: 'Admin', roles: ['admin'] },
  { href: '/policy/acknowledgements', label: 'Policy', roles: ['headteacher'] },
  { href: '/account/second-factor', label: 'Sign-in security', roles: 'all' },
];

/** Short confirmations shown after a redirect (?done=...), worded here rather than taken from the URL. */
const FLASH: Record<string, string> = {
  acknowledged: 'Thank you: your acknowledgement of the policy is recorded.',
  signed_out: 'You have signed out.',
  moved: 'The case has moved on.',
  merged: 'The report was merged into this case. Both timelines are kept below.',
  note: 'Your note was added.',
  message: 'Your message was sent.',
  advice: 'Your advice was recorded.',
  referral: 'The referral was recorded.',
  evidence: 'The evidence was added.',
  handover: 'The case was handed over. It is no longer in your list.',
  panel: 'The panel was appointed and its members told.',
  action: 'The action was recorded.',
  support: 'The support offered was recorded.',
  resignation: 'The resignation was recorded.',
  legal_hold_placed:
    'The legal hold was placed: nothing on this case is deleted until it is lifted.',
  legal_hold_lifted: 'The legal hold was lifted.',
  policy: 'A new version of the policy catalogue was published.',
  person_added: 'The person was added. A new account gets an email to choose a password.',
  roles_changed: 'The roles were saved.',
  deactivated: 'The person was deactivated and their sessions ended.',
  reactivated: 'The person can sign in again.',
  imported: 'The people in the file were imported.',
  sign_in_saved: 'The sign-in settings were saved.',
  settings_saved: 'The procedure settings were saved.',
  sar_recorded:
    'The request was recorded. Its due date is below; the head (or the chair) prepares the answer.',
  hearing: 'The hearing was recorded.',
  letter_sent: 'The date the outcome letter was sent was recorded. The appeal window runs from it.',
  password_set: 'Your password is set. Sign in with it now.',
  reset_sent: 'If that address has an account, a link to reset its password is on its way.',
};

/** Where each person lands after signing in. */
export function homeFor(actor: Actor): string {
  if (actor.holdsAny(['headteacher', 'dsl', 'chair_of_governors'])) return '/cases';
  if (actor.holdsAny(['hr'])) return '/hr';
  if (actor.holdsAny(['governor'])) return '/governors';
  if (actor.holdsAny(['admin'])) return '/admin';
  return '/reports/mine';
}

/** What every page's layout needs: title, who is signed in, the menu, a CSRF token, a flash. */
@Injectable()
export class PageContext {
  constructor(private readonly csrf: CsrfService) {}

  base(req: RequestWithActor, title: string, current = ''): PageBase {
    const actor = req.actor ?? null;
    const cookies = (req.cookies ?? {}) as Record<string, string>;
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    return {
      page: {
        title,
        user: actor ? { name: actor.name } : null,
        nav: actor
          ? NAV.filter((n) => n.roles === 'all' || actor.holdsAny(n.roles)).map((n) => ({
              href: n.href,
              label: n.label,
              current: n.href === current,
            }))
          : [],
        csrfToken: this.csrf.tokenFor({
          sessionId: actor?.sessionId ?? null,
          preSession: actor ? null : (cookies[PRE_SESSION_COOKIE] ?? req.preSession ?? null),
        }),
        flash: FLASH[done] ?? null,
      },
    };
  }
}
