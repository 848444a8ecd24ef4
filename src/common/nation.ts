/** Each school is in England or Wales, which chooses its procedure words and referral bodies. */
export const NATIONS = ['england', 'wales'] as const;
export type Nation = (typeof NATIONS)[number];
