"""The application (knock-out) questions page: /requisitions/<pk>/knockouts/."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requisitions.models import KnockoutQuestion, RequisitionEvent
from tests.factories import KnockoutQuestionFactory, RequisitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requisition(recruiter, hiring_manager):
    return RequisitionFactory(recruiter=recruiter, hiring_manager=hiring_manager)


def _url(requisition):
    return f"/requisitions/{requisition.pk}/knockouts/"


def _post(rows, initial=0):
    data = {
        "ko-TOTAL_FORMS": str(len(rows)),
        "ko-INITIAL_FORMS": str(initial),
        "ko-MIN_NUM_FORMS": "0",
        "ko-MAX_NUM_FORMS": "15",
    }
    for n, row in enumerate(rows):
        data |= {f"ko-{n}-{key}": value for key, value in row.items()}
    return data


ROWS = [
    {"prompt": "Do you have a work permit?", "kind": "yes_no", "required_answer": "yes"},
    {"prompt": "Years of Python?", "kind": "number", "minimum": "3"},
    {
        "prompt": "Where?",
        "kind": "choice",
        "options": "Berlin\nRemote\nMars",
        "accepted_options": "Berlin\nRemote",
    },
    {"prompt": "Proudest project?", "kind": "text"},
    {"prompt": "", "kind": "yes_no"},  # an empty spare row is ignored
]


def test_the_recruiter_defines_each_kind_of_question(client_for, recruiter, requisition):
    response = client_for(recruiter).post(_url(requisition), _post(ROWS))
    assert response.status_code == 302
    questions = list(requisition.knockout_questions.all())
    assert [q.kind for q in questions] == ["yes_no", "number", "choice", "text"]
    assert questions[0].required_answer is True
    assert questions[1].minimum == Decimal(3) and questions[1].maximum is None
    assert questions[2].options == ["Berlin", "Remote", "Mars"]
    assert questions[2].accepted_options == ["Berlin", "Remote"]
    assert questions[1].requirement == "at least 3"
    assert RequisitionEvent.objects.filter(
        requisition=requisition, summary__startswith="Application questions changed"
    ).exists()


def test_the_hiring_manager_edits_their_questions_and_removes_one(
    client_for, hiring_manager, requisition
):
    keep = KnockoutQuestionFactory(requisition=requisition, prompt="Work permit?")
    drop = KnockoutQuestionFactory(requisition=requisition, prompt="Driving licence?")
    rows = [
        {
            "id": keep.pk,
            "prompt": "A work permit for Germany?",
            "kind": "yes_no",
            "required_answer": "yes",
        },
        {
            "id": drop.pk,
            "prompt": drop.prompt,
            "kind": "yes_no",
            "required_answer": "yes",
            "DELETE": "on",
        },
    ]
    response = client_for(hiring_manager).post(_url(requisition), _post(rows, initial=2))
    assert response.status_code == 302
    assert list(requisition.knockout_questions.values_list("pk", "prompt")) == [
        (keep.pk, "A work permit for Germany?")
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"prompt": "Permit?", "kind": "yes_no"}, "Say which answer the role requires"),
        ({"prompt": "Years?", "kind": "number"}, "Give a minimum, a maximum or both"),
        (
            {"prompt": "Years?", "kind": "number", "minimum": "5", "maximum": "2"},
            "The minimum is larger than the maximum",
        ),
        (
            {"prompt": "Where?", "kind": "choice", "options": "A\nB", "accepted_options": "C"},
            "Accepted options must be among the options offered",
        ),
    ],
)
def test_an_incomplete_question_is_a_400_and_nothing_saved(
    client_for, recruiter, requisition, row, message
):
    response = client_for(recruiter).post(_url(requisition), _post([row]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="' + row["prompt"] + '"' in response.content.decode()
    assert not KnockoutQuestion.objects.exists()


def test_another_hiring_manager_gets_404(client_for, other_hiring_manager, requisition):
    client = client_for(other_hiring_manager)
    assert client.get(_url(requisition)).status_code == 404
    assert client.post(_url(requisition), _post(ROWS)).status_code == 404
    assert not KnockoutQuestion.objects.exists()


def test_the_page_refuses_other_methods(client_for, recruiter, requisition):
    assert client_for(recruiter).put(_url(requisition)).status_code == 405


def test_the_intake_page_links_to_the_questions(client_for, recruiter, requisition):
    KnockoutQuestionFactory(requisition=requisition)
    content = client_for(recruiter).get(f"/requisitions/{requisition.pk}/intake/").content
    assert _url(requisition).encode() in content
    assert b"1 question on the public application form" in content


def test_the_page_costs_the_same_queries_for_one_question_or_many(
    client_for, recruiter, requisition
):
    KnockoutQuestionFactory(requisition=requisition)
    client = client_for(recruiter)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(requisition)).status_code == 200
        return len(queries)

    one = count()
    KnockoutQuestionFactory.create_batch(4, requisition=requisition)
    assert count() == one


def test_the_published_flag_is_edited_with_the_details(client_for, recruiter, requisition):
    client = client_for(recruiter)
    page = client.get(f"/requisitions/{requisition.pk}/edit/").content.decode()
    assert 'name="published"' in page
    assert 'name="published"' not in client.get("/requisitions/new/").content.decode()
