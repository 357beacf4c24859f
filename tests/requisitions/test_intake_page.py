from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requisitions.models import IntakeMeeting, InterviewStage, ServiceLevel, ServiceLevelDefault
from tests.factories import RequisitionFactory, UserFactory, complete_intake, open_requisition

MUST, NICE = "must_have", "nice_to_have"


def _url(requisition):
    return reverse("requisitions:intake", args=[requisition.pk])


def _criteria_post(rows, existing=0, total=None):
    """POST data for the criteria formset; `rows` are (kind, name, guidance, id-or-None)."""
    total = total or len(rows)
    data = {
        "section": "criteria",
        "criteria-TOTAL_FORMS": str(total),
        "criteria-INITIAL_FORMS": str(existing),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
    }
    for n, (kind, name, guidance, pk) in enumerate(rows):
        data |= {f"criteria-{n}-kind": kind, f"criteria-{n}-name": name}
        data[f"criteria-{n}-guidance"] = guidance
        if pk:
            data[f"criteria-{n}-id"] = str(pk)
    for n in range(len(rows), total):
        data[f"criteria-{n}-kind"] = NICE
    return data


def _six():
    return [(MUST, f"Must {n}", "", None) for n in range(3)] + [
        (NICE, f"Nice {n}", "", None) for n in range(3)
    ]


def _stage_post(requisition, rows):
    data = {
        "section": "plan",
        "stages-TOTAL_FORMS": str(len(rows)),
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "12",
    }
    for n, row in enumerate(rows):
        data |= {
            f"stages-{n}-name": row.get("name", ""),
            f"stages-{n}-duration_minutes": row.get("duration", "60"),
            f"stages-{n}-follow_up_by": "recruiter",
        }
        if row.get("interviewers"):
            data[f"stages-{n}-interviewers"] = [str(u.pk) for u in row["interviewers"]]
        if row.get("focus"):
            data[f"stages-{n}-focus_areas"] = [str(c.pk) for c in row["focus"]]
    return data


def _sla_post(**overrides):
    hours = {
        "intake_scheduling": "48",
        "first_screening": "24",
        "shortlist_review": "48",
        "interview_feedback": "24",
        "candidate_update": "120",
    } | overrides
    return {"section": "slas", **{f"slas-{duty}": value for duty, value in hours.items()}}


def test_the_intake_page_prefills_the_slas_from_the_admin_defaults(client_for, recruiter):
    ServiceLevelDefault.objects.update_or_create(duty="first_screening", defaults={"hours": 36})
    page = client_for(recruiter).get(_url(RequisitionFactory())).text
    assert 'name="slas-first_screening" value="36"' in page
    assert "Add three must-haves" in page  # the list of what is missing


def test_the_criteria_form_saves_three_and_three(client_for, recruiter):
    requisition = RequisitionFactory()
    response = client_for(recruiter).post(_url(requisition), _criteria_post(_six(), total=9))
    assert response.headers["Location"] == _url(requisition) + "#criteria"
    assert requisition.criteria.filter(kind=MUST).count() == 3
    assert requisition.criteria.filter(kind=NICE).count() == 3


def test_a_missing_must_have_is_named_and_what_was_typed_is_kept(client_for, recruiter):
    requisition = RequisitionFactory()
    rows = _six()[1:]
    response = client_for(recruiter).post(_url(requisition), _criteria_post(rows, total=9))
    assert response.status_code == 400
    assert "Add one more must-have." in response.text
    assert 'value="Nice 2"' in response.text
    assert not requisition.criteria.exists()


def test_a_sixth_nice_to_have_is_refused(client_for, recruiter):
    requisition = RequisitionFactory()
    rows = _six() + [(NICE, f"Extra {n}", "", None) for n in range(3)]
    response = client_for(recruiter).post(_url(requisition), _criteria_post(rows))
    assert "At most 5 nice-to-haves: remove one." in response.text
    assert not requisition.criteria.exists()


def test_a_criterion_name_that_is_too_long_is_a_field_error(client_for, recruiter):
    requisition = RequisitionFactory()
    rows = [(MUST, "x" * 121, "", None), *_six()[1:]]
    response = client_for(recruiter).post(_url(requisition), _criteria_post(rows))
    assert "Ensure this value has at most 120 characters (it has 121)." in response.text
    assert not requisition.criteria.exists()


def test_the_hiring_manager_plans_a_stage_on_their_requisition(client_for, hiring_manager):
    requisition = complete_intake(RequisitionFactory(hiring_manager=hiring_manager))
    InterviewStage.objects.filter(requisition=requisition).delete()
    focus = list(requisition.criteria.all()[:2])
    response = client_for(hiring_manager).post(
        _url(requisition),
        _stage_post(
            requisition,
            [{"name": "Pairing session", "interviewers": [hiring_manager], "focus": focus}],
        ),
    )
    assert response.status_code == 302
    stage = requisition.stages.get()
    assert stage.name == "Pairing session"
    assert list(stage.interviewers.all()) == [hiring_manager]
    assert set(stage.focus_areas.all()) == set(focus)


def test_a_stage_without_an_interviewer_is_refused(client_for, recruiter):
    requisition = RequisitionFactory()
    response = client_for(recruiter).post(
        _url(requisition), _stage_post(requisition, [{"name": "Technical interview"}])
    )
    assert response.status_code == 400
    assert "Choose at least one interviewer." in response.text
    assert 'value="Technical interview"' in response.text
    assert not InterviewStage.objects.exists()


def test_interviewers_must_be_active_users(client_for, recruiter):
    requisition = RequisitionFactory()
    gone = UserFactory(is_active=False)
    response = client_for(recruiter).post(
        _url(requisition),
        _stage_post(requisition, [{"name": "Technical interview", "interviewers": [gone]}]),
    )
    assert "Select a valid choice" in response.text
    assert not InterviewStage.objects.exists()


def test_focus_areas_come_from_this_requisitions_criteria(client_for, recruiter):
    requisition = RequisitionFactory()
    foreign = complete_intake(RequisitionFactory()).criteria.first()
    response = client_for(recruiter).post(
        _url(requisition),
        _stage_post(
            requisition,
            [{"name": "Interview", "interviewers": [recruiter], "focus": [foreign]}],
        ),
    )
    assert "Select a valid choice" in response.text
    assert not requisition.stages.exists()


def test_a_negative_sla_is_refused_and_nothing_is_saved(client_for, recruiter):
    requisition = RequisitionFactory()
    response = client_for(recruiter).post(_url(requisition), _sla_post(first_screening="-4"))
    assert response.status_code == 400
    assert "Enter a positive number of hours (at least 1)." in response.text
    assert 'value="-4"' in response.text
    assert not ServiceLevel.objects.exists()


def test_agreed_slas_are_saved_per_duty(client_for, recruiter):
    requisition = RequisitionFactory()
    client_for(recruiter).post(_url(requisition), _sla_post(first_screening="12"))
    assert dict(requisition.service_levels.values_list("duty", "hours")) == {
        "intake_scheduling": 48,
        "first_screening": 12,
        "shortlist_review": 48,
        "interview_feedback": 24,
        "candidate_update": 120,
    }


def test_the_meeting_and_sourcing_lists_are_saved(client_for, hiring_manager, recruiter):
    requisition = RequisitionFactory(hiring_manager=hiring_manager, recruiter=recruiter)
    response = client_for(hiring_manager).post(
        _url(requisition),
        {
            "section": "meeting",
            "meeting-meeting_at": "2024-03-01T10:00",
            "meeting-attendees": [str(hiring_manager.pk), str(recruiter.pk)],
            "meeting-held": "on",
            "meeting-responsibilities": "Owns the payments API.",
            "meeting-remote_policy": "hybrid",
            "meeting-locations": "Berlin\n\nHamburg\nberlin",
            "meeting-target_companies": "N26\nZalando",
            "meeting-job_boards": "LinkedIn",
            "meeting-keywords": "Python\nDjango",
        },
    )
    assert response.status_code == 302
    intake = IntakeMeeting.objects.get(requisition=requisition)
    assert intake.held
    assert intake.locations == ["Berlin", "Hamburg"]
    assert intake.target_companies == ["N26", "Zalando"]
    assert set(intake.attendees.all()) == {hiring_manager, recruiter}
    assert requisition.events.filter(kind="intake_held").exists()


def test_blank_required_and_too_long_meeting_input_is_explained(client_for, recruiter):
    requisition = RequisitionFactory()
    response = client_for(recruiter).post(
        _url(requisition),
        {
            "section": "meeting",
            "meeting-held": "on",
            "meeting-notes": "n" * 4001,
            "meeting-keywords": "k" * 101,
        },
    )
    assert response.status_code == 400
    assert "Say when the intake meeting took place." in response.text
    assert "Ensure this value has at most 4000 characters (it has 4001)." in response.text
    assert "Keep each line under 100 characters" in response.text
    assert not IntakeMeeting.objects.exists()


def test_an_unknown_section_is_refused(client_for, recruiter):
    response = client_for(recruiter).post(_url(RequisitionFactory()), {"section": "salary"})
    assert response.status_code == 400


def test_a_closed_requisitions_intake_is_read_only(client_for, recruiter):
    requisition = open_requisition()
    from requisitions.services import requisition_move

    requisition_move(requisition=requisition, transition="fill", by=recruiter)
    client = client_for(recruiter)
    assert "Save the intake" not in client.get(_url(requisition)).text
    assert client.post(_url(requisition), _sla_post()).status_code == 403


def test_the_intake_answers_get_and_post_only(client_for, recruiter):
    assert client_for(recruiter).delete(_url(RequisitionFactory())).status_code == 405


def test_the_intake_query_count_does_not_grow_with_the_plan(client_for, recruiter):
    from requisitions.services import StageInput, interview_plan_save

    small, big = complete_intake(RequisitionFactory()), complete_intake(RequisitionFactory())
    interview_plan_save(
        requisition=big,
        by=recruiter,
        stages=[
            StageInput(
                name=f"Stage {n}",
                interviewers=[recruiter, big.hiring_manager],
                focus_areas=list(big.criteria.all()[:2]),
            )
            for n in range(6)
        ],
    )
    client = client_for(recruiter)
    client.get(_url(small))
    with CaptureQueriesContext(connection) as one:
        client.get(_url(small))
    with CaptureQueriesContext(connection) as many:
        client.get(_url(big))
    assert len(many) == len(one)


def test_a_huge_interviewer_id_in_the_plan_is_a_form_error_not_a_server_error(
    client_for, recruiter
):
    requisition = RequisitionFactory()
    data = _stage_post(requisition, [{"name": "Technical interview", "interviewers": [recruiter]}])
    data["stages-0-interviewers"] = [str(recruiter.pk), "99999999999999999999999"]
    data["stages-0-focus_areas"] = ["99999999999999999999999"]
    response = client_for(recruiter).post(_url(requisition), data)
    assert response.status_code == 400
    assert "is not a valid value" in response.text
    assert not InterviewStage.objects.exists()


def _everything(requisition, *, criteria):
    from requisitions.selectors import service_level_defaults

    """What the browser sends from the one intake form: every section, a button's name."""
    return {
        **_criteria_post(criteria),
        **_stage_post(requisition, [{"name": "Technical interview"}])
        | {"stages-TOTAL_FORMS": "1", "stages-0-name": "", "stages-0-follow_up_by": "recruiter"},
        # the SLAs as the page prefills them (the defaults), untouched
        **{f"slas-{duty}": str(hours) for duty, hours in service_level_defaults().items()},
        "meeting-responsibilities": "Owns the payments API.",
        "meeting-notes": "The HM wants someone who has run Postgres at scale.",
        "meeting-remote_policy": "hybrid",
        "section": "meeting",
    }


def test_one_save_keeps_what_was_typed_in_every_intake_section(client_for, recruiter):
    requisition = RequisitionFactory()
    client = client_for(recruiter)
    page = client.get(_url(requisition)).text
    assert page.count("<form") == 1 + page.count('<form method="post" action="/accounts/logout')

    # Two criteria only: the criteria are refused, and nothing of the page is lost or saved.
    too_few = [(MUST, "Python", "", None), (MUST, "Kafka", "", None)]
    response = client.post(_url(requisition), _everything(requisition, criteria=too_few))
    assert response.status_code == 400
    assert 'value="Kafka"' in response.text
    assert "The HM wants someone who has run Postgres at scale." in response.text
    assert "Owns the payments API." in response.text
    requisition.refresh_from_db()
    assert not requisition.criteria.exists()
    assert requisition.intake_or_none is None or not requisition.intake_or_none.notes

    # Fixed and saved once: the criteria and the meeting notes both, the untouched SLAs not.
    response = client.post(_url(requisition), _everything(requisition, criteria=_six()))
    assert response.status_code == 302
    assert requisition.criteria.count() == 6
    assert IntakeMeeting.objects.get(requisition=requisition).notes.startswith("The HM wants")
    assert not ServiceLevel.objects.filter(requisition=requisition).exists()
