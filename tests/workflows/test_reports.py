"""Each report's numbers on hand-built scenarios whose right answers are known."""

from datetime import timedelta

import pytest

from insights import reports
from insights.reports import ReportFilters, SurveyRow, candidate_experience_table
from requisitions.models import Requisition
from tests.factories import (
    AdminFactory,
    CandidateFactory,
    DispositionReasonFactory,
    TaskFactory,
    UserFactory,
)
from tests.workflows.conftest import complete_screening
from workflows.applications.services import application_create, application_move


def _filters(**kwargs) -> ReportFilters:
    return ReportFilters.default() if not kwargs else ReportFilters(**kwargs)


def _report(slug, user, filters=None):
    return reports.one_report(user, slug, filters or _filters())


def _rows(report, level=None):
    rows = report.table.text_rows()
    return [row for row in rows if level is None or row[0] == level]


def _apply(requisition, recruiter, source="sourced"):
    return application_create(
        candidate=CandidateFactory(), requisition=requisition, by=recruiter, source=source
    )


# --- the hiring agreement ----------------------------------------------------------------------


def test_three_duties_two_on_time_is_66_7_percent_with_the_late_one_measured(
    clock, requisition, recruiter, hiring_manager
):
    interviewer = UserFactory(first_name="Ivy", last_name="Interviewer")
    app = _apply(requisition, recruiter)
    due = clock.now - timedelta(days=2)
    TaskFactory(
        application=app,
        owner=recruiter,
        kind="screening",
        due_at=due,
        completed_at=due - timedelta(hours=1),
    )
    TaskFactory(application=app, owner=hiring_manager, kind="review", due_at=due, completed_at=due)
    TaskFactory(
        application=app,
        owner=interviewer,
        kind="feedback",
        due_at=due,
        completed_at=due + timedelta(hours=4),
    )
    # Not due yet and still open: not counted.
    TaskFactory(
        application=app, owner=recruiter, kind="offer", due_at=clock.now + timedelta(days=1)
    )

    report = _report("hiring-agreement", recruiter)

    rows = {(row[0], row[1]): row[2:] for row in _rows(report)}
    assert rows[("All", "Everyone")] == ["3", "2", "66.7", "4.0", "0"]
    assert rows[("Side", "Recruiter")] == ["1", "1", "100.0", "—", "—"]
    assert rows[("Side", "Hiring manager")] == ["1", "1", "100.0", "—", "—"]
    assert rows[("Side", "Interviewers")] == ["1", "0", "0.0", "4.0", "—"]
    assert rows[("Person", "Ivy Interviewer")] == ["1", "0", "0.0", "4.0", "0"]
    assert rows[("Duty", "Interview feedback")] == ["1", "0", "0.0", "4.0", "—"]
    assert "66.7 % of 3 duties done on time" in report.headline


def test_an_open_overdue_duty_is_late_until_now_and_done_early_counts_as_due(
    clock, requisition, recruiter
):
    # Midday, so both deadlines (10 hours either side) fall on today, inside the report's window.
    clock.now = clock.now.replace(hour=12, minute=0)
    app = _apply(requisition, recruiter)
    TaskFactory(
        application=app,
        owner=recruiter,
        kind="screening",
        due_at=clock.now - timedelta(hours=10),
        completed_at=None,
    )
    TaskFactory(
        application=app,
        owner=recruiter,
        kind="screening",
        due_at=clock.now + timedelta(hours=10),
        completed_at=clock.now,
    )

    rows = {(r[0], r[1]): r[2:] for r in _rows(_report("hiring-agreement", recruiter))}

    assert rows[("Person", "Rita Recruiter")] == ["2", "1", "50.0", "10.0", "0"]


def test_guard_overrides_are_counted_for_the_admin_who_made_them(requisition, recruiter, advance):
    admin = AdminFactory(first_name="Ada", last_name="Admin")
    app = advance(_apply(requisition, recruiter), "screening")
    application_move(
        application=app, transition="shortlist", by=admin, override_justification="Urgent hire"
    )

    rows = {(r[0], r[1]): r[2:] for r in _rows(_report("hiring-agreement", recruiter))}

    assert rows[("All", "Everyone")][-1] == "1"
    assert rows[("Person", "Ada Admin")][-1] == "1"


# --- time to fill, time to hire, time in stage ---------------------------------------------------


def test_time_to_fill_runs_from_opening_and_time_to_hire_from_applying(
    clock, requisition, recruiter, advance
):
    Requisition.objects.filter(pk=requisition.pk).update(opened_at=clock.now)
    clock.advance(timedelta(days=2))
    app = advance(_apply(requisition, recruiter), "offer")
    clock.advance(timedelta(days=10))
    application_move(application=app, transition="hire", by=recruiter)

    report = _report("time-to-fill", recruiter)

    assert _rows(report) == [[requisition.title, "Engineering", "1", "12.0", "10.0"]]
    assert "median time to fill: 12.0 days" in report.headline


def test_hires_outside_the_date_range_are_left_out(clock, requisition, recruiter, advance):
    app = advance(_apply(requisition, recruiter), "offer")
    application_move(application=app, transition="hire", by=recruiter)
    today = clock.now.date()

    before = ReportFilters(start=today - timedelta(days=30), end=today - timedelta(days=1))

    assert _rows(_report("time-to-fill", recruiter, before)) == []
    assert len(_rows(_report("time-to-fill", recruiter))) == 1


def test_time_in_stage_gives_the_median_and_p90_of_the_stays_per_state(
    clock, requisition, recruiter
):
    first, second = _apply(requisition, recruiter), _apply(requisition, recruiter)
    clock.advance(timedelta(days=1))
    application_move(application=first, transition="screen", by=recruiter)
    clock.advance(timedelta(days=2))
    application_move(application=second, transition="screen", by=recruiter)
    reason = DispositionReasonFactory()
    clock.advance(timedelta(days=1))
    application_move(application=second, transition="reject", by=recruiter, reason=reason)
    clock.advance(timedelta(days=2))
    application_move(application=first, transition="reject", by=recruiter, reason=reason)

    rows = {row[0]: row[1:] for row in _rows(_report("time-in-stage", recruiter))}

    # applied: 1 and 3 days; screening: 5 days (first) and 1 day (second).
    assert rows["Applied"] == ["2", "2.0", "3.0"]
    assert rows["Screening"] == ["2", "3.0", "5.0"]
    assert rows["Shortlisted"] == ["0", "—", "—"]


def test_p90_is_the_nearest_rank_percentile():
    assert reports.p90(list(range(1, 11))) == 9
    assert reports.p90([4.0]) == 4.0
    assert reports.p90([]) is None
    assert reports.median([1.0, 2.0, 10.0]) == 2.0


# --- funnel, source of hire, dispositions --------------------------------------------------------


def test_the_funnel_counts_completed_applications_only_and_their_pass_through(
    requisition, recruiter, advance, reason
):
    hired = advance(_apply(requisition, recruiter, source="referral"), "offer")
    screened_out = advance(_apply(requisition, recruiter), "screening")
    application_move(application=screened_out, transition="reject", by=recruiter, reason=reason)
    knocked_out = _apply(requisition, recruiter)
    application_move(application=knocked_out, transition="reject", by=recruiter, reason=reason)
    advance(_apply(requisition, recruiter), "interviewing")  # still active: not counted
    application_move(application=hired, transition="hire", by=recruiter)  # fills it: last

    rows = {row[0]: row[1:] for row in _rows(_report("funnel", recruiter))}

    assert rows["Applied"] == ["3", "2", "66.7"]
    assert rows["Screening"] == ["2", "1", "50.0"]
    assert rows["Shortlisted"] == ["1", "1", "100.0"]
    assert rows["Offer"] == ["1", "1", "100.0"]
    assert rows["Hired"] == ["1", "—", "—"]


def test_source_of_hire_counts_hires_and_applications_per_source(requisition, recruiter, advance):
    hired = advance(_apply(requisition, recruiter, source="referral"), "offer")
    application_move(application=hired, transition="hire", by=recruiter)
    _apply(requisition, recruiter, source="referral")
    _apply(requisition, recruiter, source="job_board")

    rows = _rows(_report("source-of-hire", recruiter))

    assert rows == [
        ["Referral", "1", "100.0", "2", "50.0"],
        ["Job board", "0", "0.0", "1", "0.0"],
    ]


def test_dispositions_give_the_share_of_rejections_with_a_specific_reason(
    requisition, recruiter, reason, withdrew_reason
):
    other = DispositionReasonFactory(group="other", label="Other (see note)")
    for chosen, move in [(reason, "reject"), (other, "reject"), (withdrew_reason, "withdraw")]:
        app = _apply(requisition, recruiter)
        application_move(application=app, transition=move, by=recruiter, reason=chosen, note="x")

    report = _report("dispositions", recruiter)

    assert "50.0 % of 2 rejections had a reason other than “Other”" in report.headline
    assert sorted(_rows(report)) == sorted(
        [
            ["Skills do not match the must-haves", "We declined", "1", "33.3"],
            ["Other (see note)", "Other", "1", "33.3"],
            ["Accepted another offer", "Candidate withdrew", "1", "33.3"],
        ]
    )


# --- calibration -------------------------------------------------------------------------------


def test_calibration_nudges_to_revisit_the_intake_when_the_hm_accepts_few(
    requisition, recruiter, hiring_manager, advance, reason
):
    apps = [advance(_apply(requisition, recruiter), "shortlisted") for _ in range(5)]
    application_move(application=apps[0], transition="accept", by=hiring_manager)
    for app in apps[1:4]:
        application_move(
            application=app,
            transition="decline",
            by=hiring_manager,
            reason=reason,
            feedback="Not senior enough.",
        )
    # apps[4] still waits for the HM: shortlisted, not decided.

    report = _report("calibration", recruiter)

    assert _rows(report, "Requisition") == [
        ["Requisition", requisition.title, "5", "1", "3", "25.0", "Revisit the intake"]
    ]
    assert _rows(report, "Pair") == [
        ["Pair", "Rita Recruiter - Hank Manager", "5", "1", "3", "25.0", "Revisit the intake"]
    ]
    ((text, url),) = report.nudges
    assert "25.0 %" in text and url == f"/requisitions/{requisition.pk}/intake/"


def test_calibration_does_not_nudge_a_well_calibrated_pair(
    requisition, recruiter, hiring_manager, advance, reason
):
    apps = [advance(_apply(requisition, recruiter), "shortlisted") for _ in range(3)]
    for app in apps[:2]:
        application_move(application=app, transition="accept", by=hiring_manager)
    application_move(
        application=apps[2], transition="decline", by=hiring_manager, reason=reason, feedback="No."
    )

    report = _report("calibration", recruiter)

    assert _rows(report, "Requisition")[0][-2:] == ["66.7", ""]
    assert report.nudges == []


# --- candidate experience (k-anonymity) --------------------------------------------------------


def test_candidate_experience_shows_only_groups_of_at_least_five_responses():
    rows = [SurveyRow(1, 2, score, 4, 3) for score in (10, 10, 9, 7, 3)]  # recruiter 1: five
    rows += [SurveyRow(3, 2, 10, 5, 5) for _ in range(4)]  # recruiter 3: four
    names = {1: "Rita", 2: "Hank", 3: "Sam"}

    table = candidate_experience_table(rows, names)

    by_person = {(row[0], row[1]): row[2:] for row in table.text_rows()}
    # NPS: 3 promoters, 1 detractor of 5 = 40.
    assert by_person[("Recruiter", "Rita")] == ["5", "40", "4.0"]
    assert by_person[("Recruiter", "Sam")] == ["fewer than 5", "—", "—"]
    # Hank has all nine answers (3 promoters + 4 promoters, 1 detractor): (7 - 1) / 9 = 67.
    assert by_person[("Hiring manager", "Hank")] == ["9", "67", "3.9"]


def test_a_group_of_four_shows_no_number_at_all():
    rows = [SurveyRow(1, None, 0, 1, None) for _ in range(4)]
    (row,) = candidate_experience_table(rows, {1: "Rita"}).text_rows()
    assert row == ["Recruiter", "Rita", "fewer than 5", "—", "—"]


def test_nps_is_promoters_minus_detractors():
    assert reports.nps([10, 9, 8, 7]) == 50
    assert reports.nps([0, 6, 10]) == -33
    assert reports.nps([]) is None


def test_until_surveys_exist_the_report_says_so(recruiter):
    report = _report("candidate-experience", recruiter)
    assert report.table.rows == [] and "No survey answers yet" in report.empty


# --- scope ---------------------------------------------------------------------------------------


def test_a_hiring_manager_sees_only_their_requisitions_numbers(
    requisition, recruiter, hiring_manager, other_hiring_manager
):
    from tests.factories import RequisitionFactory

    theirs = RequisitionFactory(
        status="open",
        recruiter=recruiter,
        hiring_manager=other_hiring_manager,
        title="Other team role",
    )
    admin = AdminFactory()
    for req in (requisition, theirs):
        app = _apply(req, recruiter)
        for step in ["screen", "*", "shortlist", "accept", "make_offer", "hire"]:
            if step == "*":
                complete_screening(app, recruiter)
                continue
            app = application_move(application=app, transition=step, by=admin)

    mine = [row[0] for row in _rows(_report("time-to-fill", hiring_manager))]
    everyone = [row[0] for row in _rows(_report("time-to-fill", recruiter))]

    assert mine == [requisition.title]
    assert sorted(everyone) == sorted([requisition.title, "Other team role"])


def test_the_department_filter_narrows_every_report(requisition, recruiter, advance):
    app = advance(_apply(requisition, recruiter), "offer")
    application_move(application=app, transition="hire", by=recruiter)
    default = ReportFilters.default()
    sales = ReportFilters(start=default.start, end=default.end, department="Sales")

    assert _rows(_report("source-of-hire", recruiter, sales)) == []
    assert _rows(_report("source-of-hire", recruiter)) != []


def test_someone_without_a_role_gets_no_reports(user_without_role):
    from django.http import Http404

    with pytest.raises(Http404):
        reports.all_reports(user_without_role, ReportFilters.default())
