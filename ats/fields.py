"""Form fields shared by the apps' forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections

from ats.people import person_name


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. An id no database column could hold (a huge integer typed into
    the form) is a form error like any unknown id, on SQLite as on PostgreSQL: Django checks
    single ids against the column's range, not a list of them."""

    def _check_values(self, value):
        pk_field = self.queryset.model._meta.pk
        low, high = connections[self.queryset.db].ops.integer_field_range(
            pk_field.get_internal_type()
        )
        if self.to_field_name is None and (low is not None or high is not None):
            for pk in value or ():
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # the parent says "not a valid value"
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class PeopleChoiceField(ModelIdsField):
    """Several users, each labelled with their name."""

    def label_from_instance(self, obj) -> str:
        return person_name(obj)
