import { isIsoDate } from '../../common/clock/london-time.js';
import {
  CASE_STATUSES,
  type CaseSnapshot,
  type CaseStatus,
  type CommandField,
  type Decision,
  type Performer,
  type TransitionCommand,
  type TransitionRefused,
  type WorkflowActor,
  type WorkflowPolicy,
  type WorkingDays,
} from './case-workflow.types.js';
import {
  dayToInstant,
  FIELDS,
  MOVES,
  targetOf,
  type MoveContext,
  type MoveInput,
  type MoveSpec,
} from './moves.table.js';
import { trackOf } from './tracks.js';

export interface DecideOptions {
  now: Date;
  policy: WorkflowPolicy;
  calendar: WorkingDays;
  /** Who acts (the investigator defaults to the owner who triages). */
  actorId?: string;
  /** 'transitions' (POST /transitions) or a move's own endpoint. */
  via?: 'transitions' | 'reclassify' | 'merge';
}

/**
 * The one place that decides whether a case may move, by reading the table of moves. Pure: the
 * caller loads the snapshot, works out how the actor relates to the case, and persists the
 * changes it returns.
 *
 * Checks run in a fixed order so that the answer never depends on which field was wrong:
 * 403 (no part in any case workflow) -> 409 (no such move for this track) -> 403 (not this
 * move's performer) -> 409 (state forbids it now) -> 400 (input malformed or missing) -> 409
 * (a rule of the procedure, with its own code and field).
 */
export function decide(
  snapshot: CaseSnapshot,
  command: TransitionCommand,
  actor: WorkflowActor,
  options: DecideOptions,
): Decision {
  if (!takesPart(actor)) {
    return refuse(403, 'CASE_FORBIDDEN_TRANSITION', 'You may not change the status of this case');
  }
  const raw = (typeof command === 'object' && command !== null ? command : {}) as Raw;
  const via = options.via ?? 'transitions';
  // A report merged into another case is worked there (issue 21): nothing moves it again.
  if (snapshot.mergedIntoCaseId && via !== 'merge')
    return refuse(
      409,
      'CASE_MERGED',
      'This report was merged into another case and is worked there: open that case instead.',
    );
  const track = trackOf(snapshot.classification, snapshot.subjectRelationship) ?? 'untriaged';
  const ctx: MoveContext = { ...options, actor, track };
  let move: MoveSpec | undefined;
  if (via === 'reclassify') {
    move = MOVES.find((m) => m.endpoint === 'reclassify');
    if (!move || !move.from.includes(snapshot.status))
      return refuse(
        409,
        'CASE_INVALID_TRANSITION',
        snapshot.status === 'reported'
          ? 'Triage the case first; reclassify it later if it turns out to be something else.'
          : 'A case is reclassified only before its outcome.',
      );
  } else if (via === 'merge') {
    move = MOVES.find((m) => m.endpoint === 'merge');
    if (snapshot.mergedIntoCaseId)
      return refuse(
        409,
        'CASE_MERGE_ALREADY_MERGED',
        'This report was already merged into a case.',
      );
    if (!move || !move.from.includes(snapshot.status))
      return snapshot.status === 'closed'
        ? refuse(409, 'CASE_MERGE_CLOSED', 'This report is closed: reopen it first to merge it.')
        : refuse(
            409,
            'CASE_MERGE_TOO_LATE',
            'A report is merged only before a hearing, an outcome or an appeal: this one has its own procedure under way.',
          );
  } else {
    if (!isOneOf(CASE_STATUSES, raw.to)) {
      return refuse(400, 'CASE_VALIDATION', [`to must be one of: ${CASE_STATUSES.join(', ')}`]);
    }
    const to = raw.to;
    const candidates = MOVES.filter(
      (m) => !m.endpoint && m.from.includes(snapshot.status) && targetOf(m, snapshot) === to,
    );
    move = candidates.find((m) => m.tracks.includes(track));
    if (!move) {
      return refuse(
        409,
        'CASE_INVALID_TRANSITION',
        candidates.length > 0
          ? `A case in this procedure (${track.replace(/_/g, ' ')}) cannot move from ${snapshot.status} to ${to}`
          : `A case cannot move from ${snapshot.status} to ${to}`,
      );
    }
  }
  if (!move.tracks.includes(track))
    return refuse(
      409,
      'CASE_INVALID_TRANSITION',
      'This case is not in a procedure that has this step',
    );
  if (!move.who.some((p) => performs(p, actor))) {
    return refuse(
      403,
      'CASE_FORBIDDEN_TRANSITION',
      `Only ${move.who.map(describePerformer).join(' or ')} may do this`,
    );
  }
  const blocked = move.gates?.(snapshot, ctx);
  if (blocked) return { ok: false, ...blocked };

  const problems: string[] = [];
  const missing: string[] = [];
  const input = readFields(raw, move, snapshot, ctx, problems, missing);
  if (problems.length > 0) return refuse(400, 'CASE_VALIDATION', [...problems, ...missing]);
  // A rule broken by what was sent says more than a field left out ("a low-level concern has
  // no sanction" rather than "response is required"), so rules speak first.
  const broken = (move.rules?.(input, snapshot, ctx) ?? []).filter(Boolean);
  if (broken.length === 0 && missing.length > 0) return refuse(400, 'CASE_VALIDATION', missing);
  if (broken.length > 0) {
    const [first] = broken;
    // Several rules can be broken at once: say all of them, under the first one's code.
    return {
      ok: false,
      ...first,
      message: broken.length === 1 ? first.message : broken.flatMap((b) => b.message),
    };
  }
  const to = targetOf(move, snapshot);
  const effect = move.apply(input, snapshot, ctx);
  return {
    ok: true,
    move: move.id,
    from: snapshot.status,
    to,
    changes: {
      ...effect.changes,
      status: to,
      ...(to !== snapshot.status && effect.changes.statusEnteredAt === undefined
        ? { statusEnteredAt: options.now }
        : {}),
    },
    note: effect.note ?? input.note ?? null,
    codes: effect.codes ?? {},
    notify: move.notify,
  };
}

/**
 * What this actor may attempt now: each move whose status, track, performer and state gates
 * hold. A move still needs valid input; the page shows its form.
 */
export function allowedMoves(
  snapshot: CaseSnapshot,
  actor: WorkflowActor,
  options: DecideOptions,
): MoveSpec[] {
  if (!takesPart(actor)) return [];
  const track = trackOf(snapshot.classification, snapshot.subjectRelationship) ?? 'untriaged';
  const ctx: MoveContext = { ...options, actor, track };
  return MOVES.filter(
    (m) =>
      m.from.includes(snapshot.status) &&
      m.tracks.includes(track) &&
      m.who.some((p) => performs(p, actor)) &&
      !m.gates?.(snapshot, ctx),
  );
}

/** The target statuses of the allowed moves reached through POST /transitions (API.md). */
export function allowedTransitions(
  snapshot: CaseSnapshot,
  actor: WorkflowActor,
  options: DecideOptions,
): CaseStatus[] {
  return [
    ...new Set(
      allowedMoves(snapshot, actor, options)
        .filter((m) => !m.endpoint)
        .map((m) => targetOf(m, snapshot)),
    ),
  ];
}

function takesPart(actor: WorkflowActor): boolean {
  return actor.isOwner || actor.isHr || actor.isPanelMember || Boolean(actor.isHearingManager);
}

function performs(performer: Performer, actor: WorkflowActor): boolean {
  switch (performer) {
    case 'owner':
      return actor.isOwner;
    case 'hr':
      return actor.isHr;
    case 'panel':
      return actor.isPanelMember;
    case 'hearing_manager':
      return Boolean(actor.isHearingManager);
  }
}

function describePerformer(performer: Performer): string {
  switch (performer) {
    case 'owner':
      return 'the case owner';
    case 'hr':
      return 'the HR adviser';
    case 'panel':
      return 'a member of the panel appointed for this case';
    case 'hearing_manager':
      return 'the hearing manager';
  }
}

type Raw = Partial<Record<keyof TransitionCommand, unknown>>;

/**
 * Shape checks on every field the move accepts (an unknown value is wrong whichever move it came
 * with), then presence checks for what it requires. Blank text counts as absent. Fields the
 * move does not take are ignored, so a page form may send its whole set.
 */
function readFields(
  raw: Raw,
  move: MoveSpec,
  s: CaseSnapshot,
  ctx: MoveContext,
  problems: string[],
  missing: string[],
): MoveInput {
  const required = move.requires(s, ctx);
  const wanted = new Set<CommandField>([...required, ...move.accepts]);
  const out: Record<string, unknown> = {};
  for (const field of wanted) {
    const value = raw[field];
    if (value === undefined || value === null || value === '') continue;
    const spec = FIELDS[field];
    switch (spec.kind) {
      case 'text':
      case 'longText':
        if (typeof value !== 'string') problems.push(`${field} must be text`);
        else if (value.trim() !== '') out[field] = value.trim();
        break;
      case 'enum': {
        const allowed = spec.options?.(s, ctx) ?? [];
        // A value outside the field's whole vocabulary is malformed. Where the field has one, a
        // value of it that this case does not offer is left to the move's rules, which refuse
        // it with their own code (a parent's case given a conduct classification, say).
        const known = spec.vocabulary ?? allowed;
        if (typeof value === 'string' && known.includes(value)) out[field] = value;
        else problems.push(`${field} must be one of: ${allowed.join(', ')}`);
        break;
      }
      case 'boolean':
        if (value === true || value === 'true') out[field] = true;
        else if (value === false || value === 'false') out[field] = false;
        else problems.push(`${field} must be true or false`);
        break;
      case 'person':
        if (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value)) out[field] = value;
        else problems.push(`${field} must name a person`);
        break;
      case 'date': {
        // holdReviewDate and subjectPensionDate stay calendar dates (either may lie ahead);
        // the others mean "on that day".
        if (field === 'holdReviewDate' || field === 'subjectPensionDate') {
          if (typeof value === 'string' && isIsoDate(value)) out[field] = value;
          else problems.push(`${field} must be a date (YYYY-MM-DD)`);
          break;
        }
        const at = asInstant(value, ctx.now);
        if (at && at.getTime() <= ctx.now.getTime() + 2 * 60_000) out[field] = at;
        else if (at) problems.push(`${field} must not be in the future`);
        else problems.push(`${field} must be a date`);
        break;
      }
      case 'instant': {
        const at = asInstant(value, ctx.now);
        if (at) out[field] = at;
        else problems.push(`${field} must be a date and time`);
        break;
      }
    }
  }
  for (const field of required) {
    if (out[field] === undefined && !problems.some((p) => p.startsWith(`${field} `)))
      missing.push(`${field} is required`);
  }
  return out as MoveInput;
}

/** Dates arrive as Date (from the API layer), ISO instants or calendar days. */
function asInstant(value: unknown, now: Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string') return null;
  if (isIsoDate(value)) return dayToInstant(value, now);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function refuse(
  status: TransitionRefused['status'],
  code: TransitionRefused['code'],
  message: string | string[],
): TransitionRefused {
  return { ok: false, status, code, message };
}
