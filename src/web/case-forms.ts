import { movesFor, snapshotOf, workflowActor } from '../cases/case-procedure.js';
import type { CaseRelation } from '../cases/case-access.js';
import type { CaseRecord } from '../cases/case.entity.js';
import type { SchoolRules } from '../cases/school-rules.service.js';
import {
  FIELDS,
  findingLabel,
  labelsIn,
  targetOf,
  trackOf,
  type CommandField,
  type Finding,
  type MoveContext,
  type MoveSpec,
  type WorkflowVocabulary,
  type WorkingDays,
} from '../cases/workflow/index.js';
import type { Language } from '../common/language.js';
import { londonDate } from '../common/clock/london-time.js';
import { errorFor, type FormError } from './form-errors.js';

export interface FormField {
  name: CommandField;
  id: string;
  label: string;
  hint: string | null;
  required: boolean;
  error: string | null;
  value: string;
  checked: boolean;
  text: boolean;
  longText: boolean;
  select: boolean;
  date: boolean;
  dateTime: boolean;
  checkbox: boolean;
  options: { value: string; label: string; selected: boolean }[];
}

export interface MoveForm {
  move: string;
  action: string;
  to: string;
  version: number;
  title: string;
  button: string;
  hint: string | null;
  fields: FormField[];
}

export interface FormInputs {
  record: CaseRecord;
  relation: CaseRelation;
  rules: SchoolRules;
  calendar: WorkingDays;
  now: Date;
  userId: string;
  /** People who may be named (investigator, hearing manager): the school's, but the subject and reporter. */
  people: { id: string; name: string }[];
  /** The page's words in its language: a catalogue key and its values. */
  words: ((key: string, args?: Record<string, unknown>) => string) & { lang: Language };
  /** After a refusal: the move that failed, what was typed, and why. */
  failed?: {
    move: string;
    values: Record<string, unknown>;
    errors: FormError[];
    /** The check found names in the governors' summary: the form offers to keep them. */
    namesFound?: boolean;
  };
}

/**
 * The forms of the moves this person may make now, each drawn from the table of moves: its
 * title and button, and one control per field with the field's own words, so a new move needs
 * no page code. After a refusal the failed form keeps what was typed, with each message beside
 * its field.
 */
export function moveForms(input: FormInputs): MoveForm[] {
  const actor = workflowActor(input.record, input.relation, input.userId);
  const track =
    trackOf(input.record.classification, input.record.subjectRelationship) ?? 'untriaged';
  const ctx: MoveContext = {
    now: input.now,
    policy: input.rules,
    calendar: input.calendar,
    actor,
    track,
  };
  const snapshot = snapshotOf(input.record);
  return (
    movesFor(input.record, actor, {
      rules: input.rules,
      calendar: input.calendar,
      now: input.now,
    })
      // A merge is drawn on the case the report joins, with the report to choose (issue 21).
      .filter((move) => move.endpoint !== 'merge')
      .map((move) => formFor(move, snapshot, { ...ctx, move: move.id }, input))
  );
}

function formFor(
  move: MoveSpec,
  snapshot: ReturnType<typeof snapshotOf>,
  ctx: MoveContext,
  input: FormInputs,
): MoveForm {
  const failed = input.failed?.move === move.id ? input.failed : undefined;
  const t = input.words;
  const required = new Set(move.requires(snapshot, ctx));
  // A choice with nothing to choose here (a finding on a low-level concern) is not drawn.
  const offered = (name: CommandField) =>
    required.has(name) ||
    (name === 'confirmNames' && Boolean(failed?.namesFound)) ||
    ((FIELDS[name].shownFor?.(snapshot, ctx) ?? true) &&
      (FIELDS[name].kind !== 'enum' || (FIELDS[name].options?.(snapshot, ctx).length ?? 0) > 0));
  const names = [...required, ...move.accepts.filter((f) => !required.has(f) && offered(f))];
  return {
    move: move.id,
    action:
      move.endpoint === 'reclassify'
        ? `/cases/${input.record.id}/reclassify`
        : `/cases/${input.record.id}/transition`,
    to: targetOf(move, snapshot),
    version: input.record.version,
    // The table's words are the English catalogue's (a test holds them equal); the page's
    // language picks the words.
    title: t(`casePage.move.${move.id}.title`),
    button: t(`casePage.move.${move.id}.button`),
    hint: move.form.hint ? t(`casePage.move.${move.id}.hint`) : null,
    fields: names.map((name) => {
      const spec = FIELDS[name];
      const typed = failed?.values[name];
      const value = typeof typed === 'string' ? typed : defaultValue(name, spec.kind, ctx.now);
      const options =
        spec.kind === 'person'
          ? input.people.map((p) => ({ value: p.id, label: p.name }))
          : (spec.options?.(snapshot, ctx) ?? []).map((v) => ({
              value: v,
              label: optionWords(name, v, ctx, t),
            }));
      const label = t(`casePage.field.${name}.label`);
      return {
        name,
        id: `${move.id}-${name}`,
        label: required.has(name) ? label : t('casePage.optional', { label }),
        hint: spec.hint ? t(`casePage.field.${name}.hint`) : null,
        required: required.has(name),
        error: failed ? errorFor(failed.errors, name) : null,
        value,
        checked: typed === 'true' || typed === true,
        text: spec.kind === 'text',
        longText: spec.kind === 'longText',
        select: spec.kind === 'enum' || spec.kind === 'person',
        date: spec.kind === 'date',
        dateTime: spec.kind === 'instant',
        checkbox: spec.kind === 'boolean',
        options: options.map((o) => ({ ...o, selected: o.value === value })),
      };
    }),
  };
}

function defaultValue(name: CommandField, kind: string, now: Date): string {
  // The date a letter goes out or an appeal arrives is usually today.
  if (kind === 'date' && ['invitationSentAt', 'appealLodgedAt'].includes(name))
    return londonDate(now);
  return '';
}

/** The vocabulary (labels.json) each choice field's codes are named from. */
const OPTION_VOCABULARY: Partial<Record<CommandField, keyof WorkflowVocabulary>> = {
  classification: 'classification',
  sanction: 'sanction',
  response: 'response',
  holdAgency: 'holdAgency',
  appealResult: 'appealResult',
  dbsDecision: 'referralDecision',
  regulatorDecision: 'referralDecision',
};

/**
 * A choice's words in the page's language: a finding in its nation's words, a code of the
 * case vocabulary from labels.json, who the case is about from the page's catalogue.
 */
export function optionWords(
  name: CommandField,
  code: string,
  ctx: MoveContext,
  t: FormInputs['words'],
): string {
  if (name === 'finding') return findingLabel(code as Finding, ctx.policy.nation, t.lang);
  if (name === 'subjectRelationship') return t(`casePage.relationshipChoice.${code}`);
  const vocabulary = OPTION_VOCABULARY[name];
  const known = vocabulary
    ? (labelsIn(t.lang)[vocabulary] as Readonly<Record<string, string>>)[code]
    : undefined;
  if (known) return known;
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
