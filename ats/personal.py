"""Personal data, declared where it is stored.

Every model of the product says, for each of its text fields (char, text, JSON, file), whether it
holds personal data about a candidate or not, next to the fields themselves:

    class Scorecard(models.Model):
        ...
        personal_data = ("notes", "correction_reason")
        not_personal = ("recommendation",)
        personal_data_owner = "interview__application__candidate"  # the lookup to the person
        erased_as = {"notes": "[redacted]"}  # what an erased field says (default: its default)

Erasure and export iterate these declarations (`personal_models`, `personal_data_erase`,
`personal_data_of`), so a new field is erased and exported once it is declared, and a test fails
on a text field declared neither way. A model whose personal data its own app erases (the
candidate's profile and journal, the outbox) names that instead of `personal_data_owner`:
`personal_data_erased_by = "candidates.services.candidate_anonymise"`.

This module knows no domain: a person is any row the lookups end at.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)
PRODUCT_APPS = ("ats", "notifications", "requisitions", "candidates", "workflows", "careers")


def product_models() -> list[type[models.Model]]:
    """The models the product's apps define (not those a test module adds to an app)."""
    configs = [apps.get_app_config(label) for label in PRODUCT_APPS]
    return [
        model
        for config in configs
        for model in config.get_models()
        if model.__module__.startswith(f"{config.name}.")
    ]


def text_fields(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)]


def undeclared_text_fields(model: type[models.Model]) -> list[str]:
    """The text fields of `model` declared neither personal nor not personal."""
    declared = set(getattr(model, "personal_data", ())) | set(getattr(model, "not_personal", ()))
    return [name for name in text_fields(model) if name not in declared]


def personal_models() -> list[type[models.Model]]:
    """The models whose personal data is found through a lookup to the person (erased and
    exported by `personal_data_erase` / `personal_data_of`)."""
    return [
        model
        for model in product_models()
        if getattr(model, "personal_data", ()) and getattr(model, "personal_data_owner", "")
    ]


def _rows(model: type[models.Model], person_pk: int) -> models.QuerySet:
    return model._default_manager.filter(**{model.personal_data_owner: person_pk})  # type: ignore[attr-defined]


def erased_values(model: type[models.Model]) -> dict[str, Any]:
    """What each personal field of `model` holds once erased."""
    replacements = getattr(model, "erased_as", {})
    return {
        name: replacements.get(name, model._meta.get_field(name).get_default())
        for name in model.personal_data  # type: ignore[attr-defined]
    }


def personal_data_erase(person_pk: int) -> dict[str, int]:
    """Blank the declared personal fields of every row about person `person_pk`; returns how
    many rows of each model (by label) were erased."""
    return {
        model._meta.label: _rows(model, person_pk).update(**erased_values(model))
        for model in personal_models()
    }


def personal_data_of(person_pk: int) -> dict[str, list[dict[str, Any]]]:
    """Every declared personal field of every row about person `person_pk`, by model label."""
    return {
        model._meta.label: [
            {"id": row["pk"], **{name: row[name] for name in model.personal_data}}  # type: ignore[attr-defined]
            for row in _rows(model, person_pk).order_by("pk").values("pk", *model.personal_data)  # type: ignore[attr-defined]
        ]
        for model in personal_models()
    }
