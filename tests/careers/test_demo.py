import pytest

from careers.models import Survey
from requisitions.models import Requisition

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_knockouts_and_survey_answers(demo_data):
    backend = Requisition.objects.get(slug="senior-backend-engineer")
    kinds = list(backend.knockout_questions.values_list("kind", flat=True))
    assert kinds == ["yes_no", "number", "choice", "text"]
    answered = Survey.objects.filter(answered_at__isnull=False)
    assert answered.count() >= 2
    assert all(0 <= survey.nps <= 10 for survey in answered)
