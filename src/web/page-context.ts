import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import type { Role } from '../common/role.js';
import { HTML_LANG, isLanguage, languageFromHeader, type Language } from '../common/language.js';
import { Translator } from '../platform/i18n/translator.js';
import { CsrfService, PRE_SESSION_COOKIE } from './csrf.service.js';
import { safeNext } from './safe-next.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export interface PageBase {
  page: {
    /** The language the page is in; the layout's `{{t}}` words follow it. */
    lang: Language;
    htmlLang: string;
    /** The other language, offered at the foot of the page, and where to come back to. */
    otherLang: Language;
    path: string;
    title: string;
    user: { name: string } | null;
    nav: NavItem[];
    csrfToken: string;
    flash: string | null;
  };
}

const NAV: { href: string; key: string; roles: Role[] | 'all' }[] = [
  { href: '/reports/new', key: 'layout.nav.report', roles: 'all' },
  { href: '/reports/mine', key: 'layout.nav.myReports', roles: 'all' },
  { href: '/notifications', key: 'layout.nav.notifications', roles: 'all' },
  {
    href: '/cases',
    key: 'layout.nav.cases',
    roles: ['headteacher', 'dsl', 'chair_of_governors', 'governor'],
  },
  { href: '/hr', key: 'layout.nav.hr', roles: ['hr'] },
  { href: '/governors', key: 'layout.nav.governors', roles: ['governor', 'chair_of_governors'] },
  { href: '/admin', key: 'layout.nav.admin', roles: ['admin'] },
  { href: '/policy/acknowledgements', key: 'layout.nav.policy', roles: ['headteacher'] },
  { href: '/account/second-factor', key: 'layout.nav.security', roles: 'all' },
];

/**
 * Short confirmations shown after a redirect (?done=...). Only these codes are looked up: the
 * words come from the catalogue (flash.<code>), never from the URL.
 */
const FLASH = new Set([
  'acknowledged',
  'case_file_rendering',
  'case_file_failed',
  'signed_out',
  'moved',
  'merged',
  'note',
  'message',
  'advice',
  'referral',
  'evidence',
  'handover',
  'panel',
  'action',
  'support',
  'resignation',
  'legal_hold_placed',
  'legal_hold_lifted',
  'policy',
  'person_added',
  'roles_changed',
  'deactivated',
  'reactivated',
  'imported',
  'sign_in_saved',
  'settings_saved',
  'sar_recorded',
  'hearing',
  'letter_sent',
  'password_set',
  'reset_sent',
]);

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
  constructor(
    private readonly csrf: CsrfService,
    private readonly words: Translator,
  ) {}

  base(req: RequestWithActor, title: string, current = ''): PageBase {
    const actor = req.actor ?? null;
    const cookies = (req.cookies ?? {}) as Record<string, string>;
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    const lang = languageOf(req);
    return {
      page: {
        lang,
        htmlLang: HTML_LANG[lang],
        otherLang: lang === 'cy' ? 'en' : 'cy',
        path: safeNext(req.originalUrl) || '/',
        title,
        user: actor ? { name: actor.name } : null,
        nav: actor
          ? NAV.filter((n) => n.roles === 'all' || actor.holdsAny(n.roles)).map((n) => ({
              href: n.href,
              label: this.words.t(n.key, lang),
              current: n.href === current,
            }))
          : [],
        csrfToken: this.csrf.tokenFor({
          sessionId: actor?.sessionId ?? null,
          preSession: actor ? null : (cookies[PRE_SESSION_COOKIE] ?? req.preSession ?? null),
        }),
        flash: FLASH.has(done) ? this.words.t(`flash.${done}`, lang) : null,
      },
    };
  }
}

/**
 * The language of a page: a signed-in person's (their choice, else their school's); for
 * someone not signed in, the one they picked on the page (?lang=cy), else their browser's.
 */
export function languageOf(req: RequestWithActor): Language {
  if (req.actor) return req.actor.language;
  const asked = req.query?.lang;
  if (isLanguage(asked)) return asked;
  return languageFromHeader(req.headers?.['accept-language']) ?? 'en';
}
