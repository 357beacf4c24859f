"""The screening form: one question per must-have by default, custom ones, required answers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requisitions.models import Criterion
from tests.factories import CriterionFactory
from workflows.applications.services import application_move, screening_questions_ensure
from workflows.models import ScreeningQuestion, ScreeningResponse


def _url(app):
    return reverse("workflows:screening-form", args=[app.pk])


def test_starting_screening_creates_one_question_per_must_have_once(
    requisition, application, recruiter
):
    application_move(application=application, transition="screen", by=recruiter)
    questions = ScreeningQuestion.objects.filter(requisition=requisition)
    names = sorted(q.criterion.name for q in questions.all())
    assert names == ["Mentoring", "PostgreSQL", "Python"]
    screening_questions_ensure(requisition=requisition)
    assert questions.all().count() == 3
    # A must-have added later gets its question too; nice-to-haves do not.
    CriterionFactory(requisition=requisition, kind=Criterion.Kind.MUST_HAVE, name="Kafka")
    screening_questions_ensure(requisition=requisition)
    assert questions.all().count() == 4


def test_the_recruiter_completes_the_form_and_the_rating_is_the_mean_of_the_must_haves(
    client_for, recruiter, application
):
    application_move(application=application, transition="screen", by=recruiter)
    custom = ScreeningQuestion.objects.create(
        requisition=application.requisition, text="Notice period?", required=True, order=50
    )
    ratings = dict(
        zip(
            ScreeningQuestion.objects.filter(criterion__isnull=False).values_list(
                "criterion_id", flat=True
            ),
            [3, 4, 5],
            strict=True,
        )
    )
    client = client_for(recruiter)
    page = client.get(_url(application)).content.decode()
    assert "How well does the candidate meet the must-have “Python”?" in page
    data = {f"c{criterion}": rating for criterion, rating in ratings.items()}
    data.update({f"q{custom.pk}": "Two months", "summary": "Strong backend engineer."})
    response = client.post(_url(application), data)
    assert response.status_code == 302
    screening = ScreeningResponse.objects.get(application=application)
    assert str(screening.rating) == "4.0"
    assert screening.completed_at is not None and screening.completed_by == recruiter
    assert screening.answers.get(question=custom).text == "Two months"


def test_required_answers_are_enforced_and_nothing_is_saved(client_for, recruiter, application):
    application_move(application=application, transition="screen", by=recruiter)
    first = ScreeningQuestion.objects.filter(criterion__isnull=False).first()
    response = client_for(recruiter).post(_url(application), {first.form_key: "4", "summary": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rate this must-have." in html and "Write a summary for the hiring manager." in html
    assert 'value="4" selected' in html  # what was typed is kept
    assert not ScreeningResponse.objects.exists()


def test_hms_and_outsiders_do_not_get_the_screening_form(
    client_for, hiring_manager, user_without_role, application, advance
):
    app = advance(application, "shortlisted")
    assert client_for(hiring_manager).get(_url(app)).status_code == 404
    assert client_for(user_without_role).get(_url(app)).status_code == 404


def test_the_form_is_read_only_after_the_shortlist(client_for, recruiter, application, advance):
    app = advance(application, "shortlisted")
    response = client_for(recruiter).post(_url(app), {"summary": "changed"})
    assert response.status_code == 400
    assert ScreeningResponse.objects.get(application=app).summary != "changed"


def test_a_recruiter_adds_a_custom_screening_question(client_for, recruiter, requisition):
    url = reverse("workflows:screening-questions", args=[requisition.pk])
    client = client_for(recruiter)
    assert client.post(url, {"text": "", "required": "on"}).status_code == 400
    response = client.post(url, {"text": "Can you relocate?", "required": "on"})
    assert response.status_code == 302
    question = ScreeningQuestion.objects.get(requisition=requisition)
    assert (question.text, question.required, question.criterion) == (
        "Can you relocate?",
        True,
        None,
    )
    assert "Can you relocate?" in client.get(url).content.decode()


def test_an_hm_cannot_manage_screening_questions(client_for, hiring_manager, requisition):
    url = reverse("workflows:screening-questions", args=[requisition.pk])
    assert client_for(hiring_manager).get(url).status_code == 404


def test_the_screening_form_of_a_fresh_application_offers_a_rating_per_must_have(client, recruiter):
    from tests.factories import ApplicationFactory, CriterionFactory

    application = ApplicationFactory()
    for n in range(3):
        CriterionFactory(requisition=application.requisition, kind="must_have", name=f"Must {n}")
    client.force_login(recruiter)
    page = client.get(f"/applications/{application.pk}/screening/")
    assert page.content.count(b"How well does the candidate meet the must-have") == 3


def test_opening_the_screening_page_writes_nothing_even_for_a_new_must_have(
    client_for, recruiter, requisition, application
):
    application_move(application=application, transition="screen", by=recruiter)
    kafka = CriterionFactory(requisition=requisition, kind=Criterion.Kind.MUST_HAVE, name="Kafka")
    client = client_for(recruiter)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(_url(application))
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    assert "How well does the candidate meet the must-have “Kafka”?" in page.content.decode()
    assert not ScreeningQuestion.objects.filter(criterion=kafka).exists()

    ratings = {
        f"c{q.criterion_id}": "4" for q in ScreeningQuestion.objects.filter(criterion__isnull=False)
    }
    response = client.post(
        _url(application), {**ratings, f"c{kafka.pk}": "2", "summary": "Knows Kafka a little."}
    )
    assert response.status_code == 302
    answer = ScreeningResponse.objects.get(application=application).answers.get(
        question__criterion=kafka
    )
    assert answer.rating == 2
