"""Personal data is declared on each model (ats/personal.py); erasure and export go by the
declarations, and a text field declared neither way fails here."""

from importlib import import_module

from django.db import models
from django.test.utils import isolate_apps

from ats.personal import (
    personal_models,
    product_models,
    text_fields,
    undeclared_text_fields,
)
from careers.export import candidate_data
from careers.services import candidate_erase
from tests.careers.test_privacy import applicant  # noqa: F401  (the fixture)
from workflows.models import Application


def test_every_text_field_of_every_model_is_declared_personal_or_not():
    undeclared = {
        model._meta.label: fields
        for model in product_models()
        if (fields := undeclared_text_fields(model))
    }
    assert undeclared == {}


def test_a_declaration_names_real_text_fields_and_each_field_once():
    wrong = {}
    for model in product_models():
        personal = set(getattr(model, "personal_data", ()))
        not_personal = set(getattr(model, "not_personal", ()))
        unknown = (personal | not_personal) - set(text_fields(model))
        if unknown or personal & not_personal:
            wrong[model._meta.label] = sorted(unknown | (personal & not_personal))
    assert wrong == {}


@isolate_apps("ats")
def test_a_new_text_field_declared_neither_way_is_found():
    class Note(models.Model):
        body = models.TextField()
        kind = models.CharField(max_length=10)
        not_personal = ("kind",)

        class Meta:
            app_label = "ats"

        def __str__(self) -> str:
            return self.kind

    assert undeclared_text_fields(Note) == ["body"]


def test_every_model_with_personal_data_says_how_it_is_erased():
    unerased = []
    for model in product_models():
        if not getattr(model, "personal_data", ()):
            continue
        owner = getattr(model, "personal_data_owner", "")
        erased_by = getattr(model, "personal_data_erased_by", "")
        if owner:
            assert str(model._default_manager.filter(**{owner: 0}).query)  # a real lookup
        elif erased_by:
            module, name = erased_by.rsplit(".", 1)
            assert callable(getattr(import_module(module), name)), erased_by
        else:
            unerased.append(model._meta.label)
    assert unerased == []
    assert "workflows.Scorecard" in {model._meta.label for model in personal_models()}


def test_erasure_erases_what_a_model_declares_personal(applicant, monkeypatch, db):  # noqa: F811
    application = Application.objects.get(candidate=applicant)
    assert application.source and application.disposition_note
    # Declaring a field personal is all it takes for erasure to blank it.
    monkeypatch.setattr(Application, "personal_data", (*Application.personal_data, "source"))
    candidate_erase(candidate=applicant, by=None, reason="request")
    application.refresh_from_db()
    assert (application.source, application.disposition_note) == ("", "")


def test_the_export_holds_every_declared_field_about_the_candidate(applicant):  # noqa: F811
    records = candidate_data(applicant)["records"]
    moves = records["workflows.ApplicationTransition"]
    assert "Zephyrine Quillfeather lacks Go" in [move["note"] for move in moves]
    assert records["careers.Survey"][0]["comment"] == "Zephyrine enjoyed it"
    assert set(records) == {model._meta.label for model in personal_models()}
