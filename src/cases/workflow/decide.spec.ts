import { describe, expect, it } from '@jest/globals';
import { WorkingDayCalendar } from '../../common/clock/working-days.js';
import {
  CASE_STATUSES,
  DEFAULT_POLICY,
  type CaseSnapshot,
  type CaseStatus,
  type Classification,
  type MoveId,
  type SubjectRelationship,
  type Track,
  type TransitionCommand,
  type WorkflowActor,
} from './case-workflow.types.js';
import { allowedMoves, decide, type DecideOptions } from './decide.js';
import { MOVES } from './moves.table.js';
import { trackOf } from './tracks.js';

const NOW = new Date('2026-11-20T15:00:00.000Z'); // a Friday
const LONG_AGO = new Date('2026-10-01T10:00:00.000Z');
const calendar = new WorkingDayCalendar('england');
const options: DecideOptions = { now: NOW, policy: DEFAULT_POLICY, calendar, actorId: 'owner-1' };

const nobody: WorkflowActor = { isOwner: false, isHr: false, isPanelMember: false };
const PERFORMERS = {
  owner: { ...nobody, isOwner: true },
  hr: { ...nobody, isHr: true },
  panel: { ...nobody, isPanelMember: true },
  hearing: { ...nobody, isHearingManager: true },
} as const satisfies Record<string, WorkflowActor>;
type PerformerName = keyof typeof PERFORMERS;

/** Each track's classification and the person it fits. */
const TRACK_CASE: Record<Track, [Classification | null, SubjectRelationship]> = {
  untriaged: [null, 'staff'],
  allegation: ['harm_threshold', 'staff'],
  disciplinary: ['conduct_breach', 'staff'],
  conduct_other: ['conduct_breach', 'volunteer'],
  low_level_concern: ['low_level_concern', 'staff'],
  online_abuse: ['online_abuse', 'parent'],
  pupil_behaviour: ['pupil_behaviour', 'pupil'],
};

/** A case of a track in a status, with every gate a status has met (so only the table decides). */
function caseOf(track: Track, status: CaseStatus, over: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const [classification, subjectRelationship] = TRACK_CASE[track];
  const formal = track === 'allegation' || track === 'disciplinary';
  const decided = ['outcome', 'appeal', 'closed'].includes(status);
  return {
    status,
    classification,
    subjectRelationship,
    indecentImages: false,
    hasPostUrl: false,
    reportedAt: LONG_AGO,
    reclassifiedAt: null,
    hrAdviceCount: 1,
    ladoConsultedAt: LONG_AGO,
    policeReferredAt: null,
    iwfReferredAt: null,
    actionsRecorded: 1,
    supportRecorded: true,
    investigatorId: 'owner-1',
    hearingManagerId: status === 'hearing' ? 'manager-1' : null,
    invitationSentAt: status === 'hearing' ? LONG_AGO : null,
    hearingAt: status === 'hearing' ? LONG_AGO : null,
    originalHearingAt: status === 'hearing' ? LONG_AGO : null,
    postponements: 0,
    outcome: decided
      ? {
          finding: formal || track === 'conduct_other' ? 'substantiated' : null,
          sanction: formal
            ? 'first_written_warning'
            : track === 'conduct_other'
              ? 'stood_down'
              : null,
          decidedAt: LONG_AGO,
          letterSentAt: LONG_AGO,
          appealResult: null,
        }
      : null,
    appealLodgedAt: status === 'appeal' ? LONG_AGO : null,
    resignedAt: null,
    ...over,
  };
}

/**
 * DOMAIN.md §5, read as a head would, per track: which moves each person is offered in each
 * status when every gate is met. Anything not listed is offered to nobody.
 */
const OPEN_INVESTIGATION: MoveId[] = [
  'close_no_further_action',
  'reclassify',
  'request_hr_advice',
  'put_on_hold',
  'record_outcome',
  'merge',
];
const WITH_HR: MoveId[] = [
  'close_no_further_action',
  'reclassify',
  'return_from_hr',
  'record_outcome',
  'merge',
];
const HELD: MoveId[] = ['close_no_further_action', 'reclassify', 'review_hold', 'resume', 'merge'];
// A triaged case is never in `reported`, and a track without hearings never in `hearing` (a
// reclassification out of a hearing returns to investigating); the grid lists what the table
// would offer there anyway, so that every cell is stated.
const UNREACHABLE_REPORTED: MoveId[] = ['close_no_further_action', 'put_on_hold', 'merge'];
const FORMAL_TRACK: Record<PerformerName, Partial<Record<CaseStatus, MoveId[]>>> = {
  owner: {
    reported: UNREACHABLE_REPORTED,
    investigating: [...OPEN_INVESTIGATION, 'invite_to_hearing'],
    hr_advice: [...WITH_HR, 'invite_to_hearing'],
    on_hold: HELD,
    hearing: ['reclassify', 'postpone_hearing'],
    outcome: ['lodge_appeal', 'close'],
    appeal: ['decide_appeal'],
    closed: ['reopen'],
  },
  hr: { hr_advice: ['return_from_hr'] },
  panel: { appeal: ['decide_appeal'], hearing: ['decide_after_hearing'] },
  hearing: { hearing: ['postpone_hearing', 'decide_after_hearing'] },
};
const NO_HEARING_TRACK: Record<PerformerName, Partial<Record<CaseStatus, MoveId[]>>> = {
  owner: {
    reported: UNREACHABLE_REPORTED,
    hearing: ['reclassify'],
    investigating: OPEN_INVESTIGATION,
    hr_advice: WITH_HR,
    on_hold: HELD,
    outcome: ['close'],
    closed: ['reopen'],
  },
  hr: { hr_advice: ['return_from_hr'] },
  // An appeal is only against a formal sanction, which these tracks never give: a panel is offered
  // the decision table-wise, but no case of theirs reaches `appeal`.
  panel: { appeal: ['decide_appeal'] },
  hearing: {},
};
const EXPECTED: Record<Track, Record<PerformerName, Partial<Record<CaseStatus, MoveId[]>>>> = {
  untriaged: {
    owner: {
      reported: ['triage', 'close_no_further_action', 'put_on_hold', 'merge'],
      investigating: ['close_no_further_action', 'put_on_hold', 'merge'],
      hr_advice: ['close_no_further_action', 'merge'],
      on_hold: ['close_no_further_action', 'review_hold', 'merge'],
    },
    hr: {},
    panel: {},
    hearing: {},
  },
  allegation: FORMAL_TRACK,
  disciplinary: FORMAL_TRACK,
  conduct_other: {
    ...NO_HEARING_TRACK,
    owner: { ...NO_HEARING_TRACK.owner, appeal: ['decide_appeal'] },
  },
  low_level_concern: {
    ...NO_HEARING_TRACK,
    owner: { ...NO_HEARING_TRACK.owner, appeal: ['decide_appeal'] },
  },
  online_abuse: {
    ...NO_HEARING_TRACK,
    owner: { ...NO_HEARING_TRACK.owner, appeal: ['decide_appeal'] },
  },
  pupil_behaviour: {
    ...NO_HEARING_TRACK,
    owner: { ...NO_HEARING_TRACK.owner, appeal: ['decide_appeal'] },
  },
};

const grid = (Object.keys(TRACK_CASE) as Track[]).flatMap((track) =>
  CASE_STATUSES.flatMap((status) =>
    (Object.keys(PERFORMERS) as PerformerName[]).map((who) => [track, status, who] as const),
  ),
);

describe('the table of moves: every track x status x performer', () => {
  it('covers the whole grid', () => {
    expect(grid).toHaveLength(7 * 8 * 4);
  });

  it.each(grid)('%s, %s, %s', (track, status, who) => {
    const offered = allowedMoves(caseOf(track, status), PERFORMERS[who], options).map((m) => m.id);
    const expected = EXPECTED[track][who][status] ?? [];
    expect(offered.sort()).toEqual([...expected].sort());
  });

  it('offers a person with no part in the case nothing, and refuses them with 403', () => {
    for (const status of CASE_STATUSES) {
      expect(allowedMoves(caseOf('disciplinary', status), nobody, options)).toEqual([]);
      expect(
        decide(caseOf('disciplinary', status), { to: 'closed' }, nobody, options),
      ).toMatchObject({
        ok: false,
        status: 403,
      });
    }
  });

  it('names every move once, with a form a person can read', () => {
    const ids = MOVES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const move of MOVES) {
      expect(move.form.title.length).toBeGreaterThan(5);
      expect(move.form.button.length).toBeGreaterThan(3);
    }
  });
});

/** A body every move of the case's track accepts when its gates are met. */
const good = (s: CaseSnapshot): Omit<TransitionCommand, 'to'> => {
  const track = trackOf(s.classification, s.subjectRelationship);
  const outcome =
    track === 'low_level_concern'
      ? { response: 'conversation' as const }
      : track === 'online_abuse' || track === 'pupil_behaviour'
        ? {}
        : { finding: 'substantiated' as const, sanction: 'management_advice' as const };
  return {
    note: 'A note',
    classification: s.classification ?? 'conduct_breach',
    hrQuestion: 'A question',
    ...outcome,
    rationale: 'Reasons',
    governorSummary: 'Summary',
    holdAgency: 'police',
    holdReviewDate: '2026-12-01',
    ladoAgreedFinding: true,
    subjectInformedAt: LONG_AGO,
    parentsInformedDeferred: 'The police asked us to wait',
    appealLodgedAt: LONG_AGO,
    appealGrounds: 'Grounds',
    // The owner records an appeal the employee withdrew; only the panel decides one.
    appealResult: 'withdrawn',
    dbsDecision: 'not_required',
    dbsDetail: 'No harm to children was involved',
    regulatorDecision: 'not_required',
    regulatorDetail: 'Not a teacher',
  };
};

describe('decide agrees with the moves it offers', () => {
  it.each((Object.keys(TRACK_CASE) as Track[]).map((t) => [t]))(
    '%s: each offered move made through POST /transitions is accepted with good input',
    (track) => {
      const refused: string[] = [];
      for (const status of CASE_STATUSES) {
        const s = caseOf(track, status);
        for (const move of allowedMoves(s, PERFORMERS.owner, options)) {
          if (move.endpoint || move.id === 'invite_to_hearing' || move.id === 'postpone_hearing')
            continue; // these need people and times: their own specs below
          const to = typeof move.to === 'function' ? move.to(s) : move.to;
          const answer = decide(s, { to, ...good(s) }, PERFORMERS.owner, options);
          if (!answer.ok)
            refused.push(`${status} ${move.id}: ${answer.code} ${String(answer.message)}`);
        }
      }
      expect(refused).toEqual([]);
    },
  );
});

const refusal = (
  s: CaseSnapshot,
  command: TransitionCommand,
  who: WorkflowActor = PERFORMERS.owner,
) => decide(s, command, who, options);

describe('the refusals a head meets, each with its rule', () => {
  it('never offers a parent an employee sanction', () => {
    const s = caseOf('online_abuse', 'investigating');
    expect(
      refusal(s, {
        to: 'outcome',
        ...good(s),
        sanction: 'summary_dismissal',
        finding: 'substantiated',
      }),
    ).toMatchObject({ ok: false, status: 409, code: 'CASE_INVALID_TRANSITION', field: 'finding' });
  });

  it('never gives a pupil a written warning', () => {
    const s = caseOf('pupil_behaviour', 'investigating');
    expect(
      refusal(s, { to: 'outcome', ...good(s), sanction: 'first_written_warning' }),
    ).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses to classify a parent as a conduct breach', () => {
    const s = caseOf('untriaged', 'reported', { subjectRelationship: 'parent' });
    expect(refusal(s, { to: 'investigating', classification: 'conduct_breach' })).toMatchObject({
      ok: false,
      status: 409,
      code: 'CASE_CLASSIFICATION_MISMATCH',
      field: 'classification',
    });
  });

  it('gives a low-level concern no finding and no sanction', () => {
    const s = caseOf('low_level_concern', 'investigating');
    expect(refusal(s, { to: 'outcome', ...good(s), sanction: 'dismissal' })).toMatchObject({
      ok: false,
      code: 'CASE_INVALID_TRANSITION',
    });
    const ok = refusal(s, {
      to: 'outcome',
      response: 'guidance',
      rationale: 'Spoke about phones near children',
      governorSummary: 'Guidance given',
    });
    expect(ok).toMatchObject({
      ok: true,
      changes: { response: 'guidance', finding: null, sanction: null },
    });
  });

  it('keeps a harm-threshold case in reported until the LADO is consulted, and will not close it at triage', () => {
    const s = caseOf('untriaged', 'reported', { ladoConsultedAt: null });
    for (const to of ['investigating', 'closed', 'on_hold'] as const) {
      expect(
        refusal(s, {
          to,
          classification: 'harm_threshold',
          rationale: 'r',
          holdAgency: 'police',
          holdReviewDate: '2026-11-27',
        }),
      ).toMatchObject({ ok: false, status: 409, code: 'CASE_LADO_CONSULTATION_REQUIRED' });
    }
  });

  it('asks for a new LADO consultation after a reclassification into the allegation track', () => {
    const s = caseOf('untriaged', 'reported', {
      ladoConsultedAt: LONG_AGO,
      reclassifiedAt: new Date('2026-11-01T10:00:00Z'),
    });
    expect(
      refusal(s, { to: 'closed', classification: 'harm_threshold', rationale: 'r' }),
    ).toMatchObject({
      code: 'CASE_LADO_CONSULTATION_REQUIRED',
    });
  });

  it('closes with no further action once investigating, and puts a case on hold for the police', () => {
    const s = caseOf('disciplinary', 'investigating');
    expect(refusal(s, { to: 'closed', rationale: 'Withdrawn' })).toMatchObject({
      ok: true,
      to: 'closed',
    });
    expect(
      refusal(s, { to: 'on_hold', holdAgency: 'police', holdReviewDate: '2026-12-10' }),
    ).toMatchObject({ ok: true, changes: { holdAgency: 'police', holdReviewDate: '2026-12-10' } });
    expect(
      refusal(s, { to: 'on_hold', holdAgency: 'police', holdReviewDate: '2027-02-01' }),
    ).toMatchObject({ ok: false, code: 'CASE_HOLD_REVIEW_TOO_FAR', field: 'holdReviewDate' });
  });

  it('reopens a closed case on new evidence, with a reason', () => {
    const s = caseOf('disciplinary', 'closed');
    expect(refusal(s, { to: 'investigating' })).toMatchObject({ ok: false, status: 400 });
    expect(refusal(s, { to: 'investigating', note: 'A new screenshot' })).toMatchObject({
      ok: true,
      move: 'reopen',
    });
  });

  it('reclassifies only before the outcome', () => {
    const reclassify = (status: CaseStatus) =>
      decide(
        caseOf('disciplinary', status),
        { to: 'investigating', classification: 'low_level_concern', note: 'It is less serious' },
        PERFORMERS.owner,
        { ...options, via: 'reclassify' },
      );
    expect(reclassify('investigating')).toMatchObject({
      ok: true,
      changes: { reclassifiedAt: NOW },
    });
    expect(reclassify('hearing')).toMatchObject({ ok: true, to: 'investigating' });
    expect(reclassify('outcome')).toMatchObject({
      ok: false,
      status: 409,
      code: 'CASE_INVALID_TRANSITION',
    });
  });

  it('merges a report only before a hearing, once, and never one declaring indecent images unreferred', () => {
    const merge = (s: CaseSnapshot) =>
      decide(s, { to: 'closed', note: 'The same post' }, PERFORMERS.owner, {
        ...options,
        via: 'merge',
      });
    expect(merge(caseOf('untriaged', 'reported'))).toMatchObject({
      ok: true,
      move: 'merge',
      to: 'closed',
      changes: { closedAt: NOW, retainUntil: null, retentionRule: null },
      codes: { closedWith: 'merged' },
    });
    expect(merge(caseOf('disciplinary', 'hearing'))).toMatchObject({ code: 'CASE_MERGE_TOO_LATE' });
    expect(merge(caseOf('disciplinary', 'outcome'))).toMatchObject({ code: 'CASE_MERGE_TOO_LATE' });
    expect(merge(caseOf('disciplinary', 'closed'))).toMatchObject({ code: 'CASE_MERGE_CLOSED' });
    const merged = caseOf('disciplinary', 'closed', { mergedIntoCaseId: 'case-a' });
    expect(merge(merged)).toMatchObject({ code: 'CASE_MERGE_ALREADY_MERGED' });
    // Nothing moves a merged report again, and no move is offered on it.
    expect(refusal(merged, { to: 'investigating', note: 'New post' })).toMatchObject({
      status: 409,
      code: 'CASE_MERGED',
    });
    expect(allowedMoves(merged, PERFORMERS.owner, options)).toEqual([]);
    expect(
      merge(caseOf('untriaged', 'reported', { indecentImages: true, policeReferredAt: null })),
    ).toMatchObject({ code: 'CASE_POLICE_REFERRAL_REQUIRED' });
    // The reason is required; the owner alone merges.
    expect(
      decide(caseOf('untriaged', 'reported'), { to: 'closed' }, PERFORMERS.owner, {
        ...options,
        via: 'merge',
      }),
    ).toMatchObject({ status: 400 });
    expect(
      decide(caseOf('untriaged', 'reported'), { to: 'closed', note: 'x' }, PERFORMERS.hr, {
        ...options,
        via: 'merge',
      }),
    ).toMatchObject({ status: 403 });
  });

  it('sends indecent images to the police the same day, and holds the case until they say so', () => {
    const s = caseOf('untriaged', 'reported', { indecentImages: true, hasPostUrl: true });
    expect(refusal(s, { to: 'investigating', classification: 'conduct_breach' })).toMatchObject({
      code: 'CASE_POLICE_INVESTIGATING',
    });
    const hold = {
      to: 'on_hold' as const,
      classification: 'harm_threshold' as const,
      holdAgency: 'police' as const,
      holdReviewDate: '2026-12-01',
    };
    expect(refusal(s, hold)).toMatchObject({ code: 'CASE_POLICE_REFERRAL_REQUIRED' });
    expect(refusal({ ...s, policeReferredAt: NOW }, hold)).toMatchObject({
      code: 'CASE_POLICE_REFERRAL_REQUIRED', // and the IWF, for the web address
    });
    expect(refusal({ ...s, policeReferredAt: NOW, iwfReferredAt: NOW }, hold)).toMatchObject({
      ok: true,
    });
    const held = caseOf('allegation', 'on_hold', { indecentImages: true });
    expect(refusal(held, { to: 'investigating', note: 'Back' })).toMatchObject({
      code: 'CASE_POLICE_INVESTIGATING',
    });
  });

  it('asks for an action, and support for the member of staff, before an online-abuse outcome', () => {
    const s = caseOf('online_abuse', 'investigating', { supportRecorded: false });
    expect(refusal(s, { to: 'outcome', ...good(s) })).toMatchObject({
      code: 'CASE_SUPPORT_REQUIRED',
    });
    const noAction = caseOf('pupil_behaviour', 'investigating', { actionsRecorded: 0 });
    expect(refusal(noAction, { to: 'outcome', ...good(noAction) })).toMatchObject({
      code: 'CASE_ACTION_REQUIRED',
    });
  });

  it('closes an allegation after a dismissal or resignation only with DBS and regulator decisions', () => {
    const s = caseOf('allegation', 'outcome', {
      outcome: {
        finding: 'substantiated',
        sanction: 'dismissal',
        decidedAt: LONG_AGO,
        letterSentAt: LONG_AGO,
        appealResult: null,
      },
    });
    const refused = refusal(s, { to: 'closed' });
    expect(refused).toMatchObject({
      ok: false,
      code: 'CASE_DBS_DECISION_REQUIRED',
      field: 'dbsDecision',
    });
    expect(refusal(s, { to: 'closed', dbsDecision: 'referred', dbsDetail: 'DBS-1' })).toMatchObject(
      {
        code: 'CASE_REGULATOR_DECISION_REQUIRED',
      },
    );
    expect(
      refusal(s, {
        to: 'closed',
        dbsDecision: 'referred',
        dbsDetail: 'DBS-1',
        regulatorDecision: 'referred',
        regulatorDetail: 'TRA-1',
      }),
    ).toMatchObject({ ok: true });
    const resigned = caseOf('allegation', 'investigating', { resignedAt: LONG_AGO });
    expect(refusal(resigned, { to: 'closed', rationale: 'Left' })).toMatchObject({
      code: 'CASE_DBS_DECISION_REQUIRED',
    });
  });

  it('records the LADO agreement and who was told when concluding an allegation', () => {
    const s = caseOf('allegation', 'investigating');
    expect(
      refusal(s, {
        to: 'outcome',
        finding: 'unfounded',
        sanction: 'none',
        rationale: 'r',
        governorSummary: 'g',
      }),
    ).toMatchObject({ code: 'CASE_LADO_AGREEMENT_REQUIRED' });
  });

  it('uses the Welsh finding words in Wales: no separate "false"', () => {
    const s = caseOf('allegation', 'investigating');
    const wales = { ...options, policy: { ...DEFAULT_POLICY, nation: 'wales' as const } };
    expect(
      decide(
        s,
        { to: 'outcome', ...good(s), finding: 'false', sanction: 'none' },
        PERFORMERS.owner,
        wales,
      ),
    ).toMatchObject({ ok: false, status: 409, code: 'CASE_FINDING_NOT_USED', field: 'finding' });
    expect(
      decide(
        s,
        { to: 'outcome', ...good(s), finding: 'malicious', sanction: 'none' },
        PERFORMERS.owner,
        wales,
      ),
    ).toMatchObject({ ok: true, changes: { finding: 'malicious' } });
  });
});
