"""The email templates Tandem ships: key → name, subject, text, HTML and the documented context.

Each template documents the variables its caller passes, with a sample value used for the admin
preview and to check an admin's edit renders before it is saved. Each app ships the templates it
sends in its own `emails` module, registered here when the app loads. The rows in the database
start as these (data migration, `manage.py sync_email_templates`); admins then edit the rows. To
add a milestone, register a template in the sending app's `emails.py` and run
`sync_email_templates` (or ship a data migration calling `install_missing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Variable:
    description: str
    sample: Any


@dataclass(frozen=True)
class DefaultTemplate:
    key: str
    name: str
    subject: str
    text: str
    html: str
    context: dict[str, Variable] = field(default_factory=dict)

    @property
    def sample_context(self) -> dict[str, Any]:
        return {name: variable.sample for name, variable in self.context.items()}

    @property
    def description(self) -> str:
        return "\n".join(
            f"{name} — {variable.description} (e.g. {variable.sample!r})"
            for name, variable in self.context.items()
        )


# Variables several templates share, so callers pass the same names everywhere.
CANDIDATE_FIRST_NAME = Variable("the candidate's first name", "Grace")
CANDIDATE_NAME = Variable("the candidate's full name", "Grace Hopper")
RECIPIENT_NAME = Variable("the first name of the person this email goes to", "Hank")
REQUISITION_TITLE = Variable("the job title of the requisition", "Backend Engineer")
RECRUITER_NAME = Variable("the recruiter's full name, who signs the email", "Rita Recruiter")
HIRING_MANAGER_NAME = Variable("the hiring manager's full name", "Hank Manager")
STAGE_NAME = Variable("the interview stage", "Technical interview")
STARTS_AT = Variable(
    "the interview's start, formatted for the recipient", "Tuesday 14 May 2025, 10:00 CEST"
)
TASK_TITLE = Variable("what is to be done", "Review 3 shortlisted candidates")
DUE_AT = Variable("when it is due, formatted for the recipient", "Friday 16 May 2025, 17:00 CEST")
TASK_URL = Variable("a link to the task in Tandem", "https://tandem.example.com/tasks/42/")


def _t(key, name, subject, text, html, **context) -> DefaultTemplate:
    return DefaultTemplate(key, name, subject, text.strip() + "\n", html.strip() + "\n", context)


# Every candidate-facing email (a template documenting `candidate_first_name`) ends with the link
# to withdraw talent-pool consent (careers/consent.py adds it to every candidate email's
# context). Rows installed before the footer existed got it from careers/migrations/0002.
CONSENT_WITHDRAW_URL = Variable(
    "the candidate's personal link to withdraw their talent-pool consent",
    "https://tandem.example.com/privacy/consent/MTI:1u2v3w/",
)
CANDIDATE_FOOTER_TEXT = """{% if consent_withdraw_url %}
--
To stop us keeping your details for future roles: {{ consent_withdraw_url }}
{% endif %}
"""
CANDIDATE_FOOTER_HTML = """{% if consent_withdraw_url %}<p><small>To stop us keeping your details \
for future roles, <a href="{{ consent_withdraw_url }}">withdraw your talent-pool consent</a>.\
</small></p>{% endif %}
"""


def with_candidate_footer(template: DefaultTemplate) -> DefaultTemplate:
    return replace(
        template,
        text=template.text + CANDIDATE_FOOTER_TEXT,
        html=template.html + CANDIDATE_FOOTER_HTML,
        context={**template.context, "consent_withdraw_url": CONSENT_WITHDRAW_URL},
    )


# Every template an app ships, by key, filled by `register` as the apps load (their `ready()`).
DEFAULTS: dict[str, DefaultTemplate] = {}


def register(*templates: DefaultTemplate, footer: bool = True) -> None:
    """Ship `templates` as defaults: each app registers the emails it sends from its `emails`
    module. Candidate-facing ones (documenting `candidate_first_name`) get the consent footer,
    unless `footer` is False (drafts a person edits, sent inside a template that has it)."""
    for template in templates:
        if template.key in DEFAULTS:
            raise ValueError(f"email template {template.key!r} is registered twice")
        if footer and "candidate_first_name" in template.context:
            template = with_candidate_footer(template)
        DEFAULTS[template.key] = template


def sample_context(key: str) -> dict[str, Any]:
    """The sample values for `key`'s documented variables ({} for a key Tandem does not ship)."""
    default = DEFAULTS.get(key)
    return default.sample_context if default else {}


def install_missing(model) -> list[str]:
    """Create a row of `model` (EmailTemplate, or its historical version in a migration) for each
    shipped key that has none; rows that exist are left as the admins made them."""
    existing = set(model.objects.values_list("key", flat=True))
    missing = [default for key, default in DEFAULTS.items() if key not in existing]
    model.objects.bulk_create(
        model(
            key=default.key,
            name=default.name,
            description=default.description,
            subject=default.subject,
            text_body=default.text,
            html_body=default.html,
        )
        for default in missing
    )
    return [default.key for default in missing]
