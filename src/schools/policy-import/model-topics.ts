/**
 * Keywords for each topic of the model catalogue (SM-01..SM-15 in `../model-policy.ts`), so an
 * imported clause can point the admin at the model clause it plainly covers. A hint only: the
 * admin decides, and no match gives null rather than a guess.
 *
 * A topic matches when every one of its `all` patterns does; its score is two per `all` pattern
 * plus one per `any` pattern found, and the highest score wins (the catalogue's order breaks a
 * tie, so the answer is the same every time).
 */
interface Topic {
  code: string;
  all: RegExp[];
  any: RegExp[];
}

const PUPILS = /\b(pupils?|child(ren)?|students?|learners?)\b/i;
const PARENTS = /\b(parents?|carers?|families)\b/i;
const CONTACT = /\b(communicat\w*|contact|friend\w*|follow\w*|messag\w*|dialogue|connect)\b/i;

/**
 * Both patterns within a few words of each other, in either order: "friend a pupil" is about
 * contact with pupils; "communications ... about any event, protocol or pupil" is not.
 */
function near(a: RegExp, b: RegExp, chars = 40): RegExp {
  const gap = `[^]{0,${chars}}?`;
  return new RegExp(`(${a.source})${gap}(${b.source})|(${b.source})${gap}(${a.source})`, 'i');
}

const TOPICS: Topic[] = [
  {
    code: 'SM-01',
    all: [/\b(logos?|published material|school['’]?s name)\b/i],
    any: [/\bpermission\b/i, /\bhead ?teacher\b|\bhead\b/i, /\bwritten\b/i],
  },
  {
    code: 'SM-02',
    all: [/\b(illegal|unlawful|criminal|disrepute|reputation)\b/i],
    any: [/\b(damag\w*|harm\w*|compromis\w*)/i, /\blinks?\b/i],
  },
  {
    code: 'SM-03',
    all: [/\b(confidential\w*|sensitive)\b|\bsecurity of the school\b/i],
    any: [/\b(disclos\w*|divulg\w*|shar\w*|post\w*)/i, /\binformation\b/i],
  },
  {
    code: 'SM-04',
    all: [/\b(images?|photo\w*|pictures?|videos?|recordings?)\b/i],
    any: [
      PUPILS,
      /\b(staff|employees?|governors?)\b/i,
      /\b(consent|permission|authori[sz]\w*)/i,
      /\b(identif\w*|names?)\b/i,
      /\b(school activit\w*|premises|off ?site)\b/i,
      /\b(post\w*|upload\w*|shar\w*|publish\w*|use)\b/i,
    ],
  },
  {
    code: 'SM-05',
    all: [
      /\b(derogatory|defamatory|defam\w*|disparag\w*|offensive|threatening|rude|insult\w*|abusive)/i,
    ],
    any: [
      /\b(comments?|statements?|posts?|entr(y|ies)|postings?)\b/i,
      /\b(school|staff|pupils?|anyone|governors?)\b/i,
      /\bdiscriminat\w*/i,
    ],
  },
  {
    code: 'SM-06',
    all: [near(CONTACT, PUPILS)],
    any: [
      /\b(past|former|current)\b/i,
      /\b(private|personal)\b/i,
      /\bsocial (network\w*|media)\b/i,
    ],
  },
  {
    code: 'SM-07',
    all: [near(CONTACT, PARENTS)],
    any: [/\bfamily\b/i, /\bsocial (network\w*|media)\b/i],
  },
  {
    code: 'SM-08',
    all: [
      /\b(equipment|working time|work(ing)? hours|lessons|contact time|at work|it systems?|ict|computers?|networks?|devices?)\b/i,
    ],
    any: [
      /\b(personal|private) use\b/i,
      /\b(social (media|network\w*)|blog\w*)/i,
      /\b(not permitted|never permitted|must not)\b/i,
    ],
  },
  {
    code: 'SM-09',
    all: [/\b(mobile phones?|phones?|mobiles|cameras?|smart ?watch\w*|video recorders?)\b/i],
    any: [
      PUPILS,
      /\b(photograph\w*|record\w*|images?)\b/i,
      /\b(premises|present|classroom|contact time)\b/i,
    ],
  },
  {
    code: 'SM-10',
    all: [
      /\b(phone numbers?|mobile numbers?|e-?mail address\w*|home address\w*|contact details|personal (e-?mail|phone))\b/i,
    ],
    any: [PUPILS, PARENTS, /\b(giv\w*|given|shar\w*)\b/i],
  },
  {
    code: 'SM-11',
    all: [/\b(harass\w*|bull(y|ies|ying|ied)|discriminat\w*|intimidat\w*)/i],
    any: [/\b(colleagues?|staff|employees?)\b/i, /\b(online|social media)\b/i],
  },
  {
    code: 'SM-12',
    all: [
      /\b(impersonat\w*|misleading|false|pretend\w*|claiming to be|data protection|someone other than)\b/i,
    ],
    any: [/\b(online|social media)\b/i, /\b(personal information|data)\b/i],
  },
  {
    code: 'SM-13',
    all: [/\breferences?\b/i],
    any: [/\b(social|network\w*|linkedin|professional)\b/i, /\b(provid\w*|giv\w*|writ\w*)\b/i],
  },
  {
    code: 'SM-14',
    all: [
      /\breport\w*/i,
      /\b(breach\w*|concerns?|incidents?|disparag\w*|inappropriate|content)\b/i,
    ],
    any: [
      /\b(head ?teacher|head|line manager|senior leader\w*)\b/i,
      /\b(duty|required|must|should)\b/i,
    ],
  },
  {
    code: 'SM-15',
    all: [/\b(privacy|profiles?|profession)\b/i],
    any: [/\bsettings?\b/i, /\b(high\w*|private|appropriate)\b/i, /\bidentif\w*/i],
  },
];

export function suggestModelCode(text: string): string | null {
  let best: { code: string; score: number } | null = null;
  for (const topic of TOPICS) {
    if (!topic.all.every((pattern) => pattern.test(text))) continue;
    const score = topic.all.length * 2 + topic.any.filter((pattern) => pattern.test(text)).length;
    if (best === null || score > best.score) best = { code: topic.code, score };
  }
  return best?.code ?? null;
}
