"""Every Django admin list page costs the same queries for 1 row as for 11 (no N+1).

One test over every registered model, on the demo data (loading it is the slow part) topped up
where the demo has fewer than 11 rows: each list page is drawn with a page size of 1 and of 11,
and the query counts must be equal.
"""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import AuditEvent
from api.services import api_token_create
from ats.models import Heartbeat
from candidates.models import BenchmarkCandidate, Candidate
from careers.models import ErasureRecord, KnockoutAnswer, SubmittedResume, Survey
from notifications.models import InboundEmail
from requisitions.models import IntakeMeeting, Requisition
from tests.factories import CandidateFactory, RequisitionFactory, UserFactory
from workflows.models import Application, Offer

ROWS = 11
# Only so many rows can exist (one per duty).
AT_MOST = {"requisitions.ServiceLevelDefault": 5}


def _top_up():
    """Enough rows of every model the demo has few of (plain rows: the list pages only read)."""
    now = timezone.now()
    admin_user = get_user_model().objects.get(username="admin")
    UserFactory.create_batch(ROWS)
    Group.objects.bulk_create(Group(name=f"Group {n}") for n in range(ROWS))
    Heartbeat.objects.bulk_create(Heartbeat(name=f"worker-{n}", last_seen=now) for n in range(ROWS))
    for n in range(ROWS):
        fields = {"username": f"user{n}", "ip_address": "10.0.0.1", "user_agent": "test"}
        AccessAttempt.objects.create(**fields, failures_since_start=1)
        AccessLog.objects.create(**fields)
        AccessFailureLog.objects.create(**fields)
        interval = IntervalSchedule.objects.create(every=n + 1, period="minutes")
        ClockedSchedule.objects.create(clocked_time=now)
        CrontabSchedule.objects.create(minute=str(n))
        SolarSchedule.objects.create(event="sunrise", latitude=n, longitude=n)
        PeriodicTask.objects.create(
            name=f"task {n}", task="ats.tasks.record_heartbeat", interval=interval
        )
    _top_up_accounts(admin_user)
    InboundEmail.objects.bulk_create(
        InboundEmail(esp_name="postmark", from_address=f"someone{n}@example.org", subject=f"Re {n}")
        for n in range(ROWS)
    )
    for user in get_user_model().objects.filter(is_active=True)[:ROWS]:
        api_token_create(user=user, name="admin list")
    requisition = Requisition.objects.first()
    candidates = CandidateFactory.create_batch(ROWS)
    BenchmarkCandidate.objects.bulk_create(
        BenchmarkCandidate(requisition=requisition, candidate=c, added_by=admin_user)
        for c in candidates
    )
    ErasureRecord.objects.bulk_create(
        ErasureRecord(candidate=c, reason="request", by=admin_user, erased_at=now)
        for c in Candidate.objects.filter(erasure__isnull=True)[:ROWS]
    )
    applications = Application.objects.filter(submitted_resume__isnull=True, offers__isnull=True)
    applications = list(applications[:ROWS])
    for n, application in enumerate(applications):
        KnockoutAnswer.objects.create(application=application, prompt=f"Q{n}", passed=True)
        Survey.objects.create(application=application, occasion=f"test:{n}", expires_at=now)
        SubmittedResume.objects.create(
            application=application, file=f"resumes/submitted/{n}.pdf", filename=f"{n}.pdf"
        )
        Offer.objects.create(
            application=application, salary=1000 + n, start_date=datetime.date(2027, 1, 1)
        )
    for requisition in RequisitionFactory.create_batch(ROWS):
        IntakeMeeting.objects.get_or_create(requisition=requisition)


def _top_up_accounts(admin_user):
    """The sign-in machinery's rows (allauth's addresses, second factors, SSO accounts and
    sessions; Tandem's audit log), one per user."""
    app = SocialApp.objects.create(provider="openid_connect", name="IdP", client_id="tandem")
    for n, user in enumerate(get_user_model().objects.order_by("pk")[:ROWS]):
        EmailAddress.objects.get_or_create(
            user=user, email=f"user{n}@example.com", defaults={"verified": True}
        )
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"n": n})
        account = SocialAccount.objects.create(user=user, provider="openid_connect", uid=str(n))
        SocialToken.objects.create(app=app, account=account, token=f"token-{n}")
        UserSession.objects.create(
            user=user, ip="10.0.0.1", session_key=f"session-{n}", user_agent="test"
        )
        AuditEvent.objects.create(
            kind=AuditEvent.Kind.SIGNED_IN, user=user, actor=admin_user, username=user.username
        )
    SocialApp.objects.bulk_create(
        SocialApp(provider="openid_connect", name=f"IdP {n}", client_id=f"c{n}")
        for n in range(ROWS)
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_admin_list_page_costs_the_same_queries_for_1_and_11_rows(
    demo_data, client, monkeypatch
):
    _top_up()
    client.force_login(get_user_model().objects.get(username="admin"))
    costs, too_few = {}, []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        many = AT_MOST.get(model._meta.label, ROWS)
        if model._default_manager.count() < many:
            too_few.append(model._meta.label)
            continue
        counts = []
        for per_page in (1, many):
            monkeypatch.setattr(model_admin, "list_per_page", per_page)
            client.get(url)  # the first visit warms per-session caches
            counts.append(_queries(client, url))
        costs[model._meta.label] = tuple(counts)
    assert {label: cost for label, cost in costs.items() if cost[0] != cost[1]} == {}
    assert too_few == []
