"""Disposition reasons must belong to the move they are given for."""

import pytest


def test_a_reason_from_another_group_than_the_moves_is_refused(db, recruiter):
    from django.core.exceptions import ValidationError as DjangoValidationError

    from tests.factories import ApplicationFactory, DispositionReasonFactory
    from workflows.applications.services import application_move

    application = ApplicationFactory()
    withdrew = DispositionReasonFactory(group="candidate_withdrew", label="Took another offer")
    with pytest.raises(DjangoValidationError):
        application_move(
            application=application, transition="reject", by=recruiter, reason=withdrew
        )
    application.refresh_from_db()
    assert application.state == "applied"
