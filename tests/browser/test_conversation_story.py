"""A recruiter writes to a candidate from the profile with a template; the candidate's reply,
posted to the inbound webhook as Postmark would, appears on the profile and on the board as
"we owe an answer"; the recruiter answers and the duty closes."""

import json
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from notifications.models import OutboundMessage
from tests.factories import CandidateFactory, RequisitionFactory
from tests.workflows.inbound_payloads import SECRET, basic_auth, postmark_payload
from workflows.applications.services import application_create
from workflows.models import Task

pytestmark = pytest.mark.browser


def post_reply(live_server, payload: dict) -> int:
    auth = basic_auth(SECRET)["HTTP_AUTHORIZATION"]
    request = urllib.request.Request(
        f"{live_server.url}/anymail/postmark/inbound/",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": auth},
    )
    with urllib.request.urlopen(request) as response:
        return response.status


def test_a_recruiter_writes_the_candidate_answers_and_the_recruiter_answers_back(
    page: Page, live_server, demo_accounts, settings
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    recruiter = get_user_model().objects.get(username="recruiter")
    requisition = RequisitionFactory(status="open", recruiter=recruiter, title="Data Engineer")
    grace = CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")
    application_create(candidate=grace, requisition=requisition, by=recruiter)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("recruiter")
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/candidates/{grace.pk}/")
    page.get_by_role("button", name="Write to Grace Hopper").click()

    page.get_by_label("About").select_option(label="Data Engineer")
    page.get_by_label("Start from").select_option(
        label="Draft: ask a candidate for their availability"
    )
    page.get_by_role("button", name="Use template").click()
    expect(page.get_by_label("Subject")).to_have_value("Data Engineer: when are you available?")
    expect(page.get_by_label("Text")).to_contain_text("Hi Grace,")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview")).to_contain_text("Could you tell me two or three times")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("on its way")

    sent = OutboundMessage.objects.get(template_key="conversation_message")
    reply = postmark_payload(
        sender="grace@example.org",
        to=sent.reply_to,
        text="Tuesday at 10 works for me.\n\nOn Thursday, Rita wrote:\n> Could you tell me",
    )
    assert post_reply(live_server, reply) == 200

    page.reload()
    thread = page.locator("#conversations .conversation").first
    expect(thread).to_contain_text("Tuesday at 10 works for me.")
    expect(thread).to_contain_text("We owe an answer")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#communication-board tbody tr").first).to_contain_text("we owe an answer")
    expect(page.locator("#communication-board tbody tr").first).to_contain_text("Grace Hopper")

    page.goto(f"{live_server.url}/candidates/{grace.pk}/")
    page.locator("#conversations").get_by_role("link", name="Answer").click()
    expect(page.get_by_label("About")).to_have_value(str(requisition.pk))
    page.get_by_label("Subject").fill("Re: Data Engineer")
    page.get_by_label("Text").fill("Perfect, Tuesday at 10 it is.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("on its way")
    expect(page.locator("#conversations .conversation").first).not_to_contain_text(
        "We owe an answer"
    )
    assert Task.objects.get(kind="candidate_reply").completed_at is not None
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#communication-board")).not_to_contain_text("we owe an answer")
