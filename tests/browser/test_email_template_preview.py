import pytest
from playwright.sync_api import Page, expect

from notifications.models import EmailTemplate
from notifications.services import email_templates_sync

pytestmark = pytest.mark.browser


def test_an_admin_sees_the_html_preview_of_an_email_template(
    page: Page, live_server, demo_accounts
):
    email_templates_sync()  # transactional tests flush the rows the migration loaded
    template = EmailTemplate.objects.get(key="interview_invitation")
    page.goto(f"{live_server.url}/admin/notifications/emailtemplate/{template.pk}/change/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()

    preview = page.frame_locator("iframe.email-preview-html")
    expect(preview.get_by_text("Hi Grace,")).to_be_visible()
    expect(preview.get_by_text("With: Hank Manager, Ivy Interviewer")).to_be_visible()
    expect(page.locator("pre.email-preview-text")).to_contain_text("Best regards,")
