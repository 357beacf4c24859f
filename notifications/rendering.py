"""Turn an email template (Django template syntax) and a context dict into subject, text and HTML.

Templates are compiled by engines of their own, not the project's: no loaders, so an admin's
template cannot `{% include %}` or `{% extends %}` files from the server. The HTML engine escapes
variables; the text and subject engine does not (a plain-text email shows "&" as "&").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Template

from notifications.defaults import DEFAULTS
from notifications.models import EmailTemplate

_TEXT_ENGINE = Engine(autoescape=False, loaders=[])
_HTML_ENGINE = Engine(autoescape=True, loaders=[])


class TemplateRenderError(Exception):
    """A template does not compile or fails while rendering; the message names the part."""

    def __init__(self, part: str, error: Exception | str):
        self.part = part
        self.error = str(error)
        super().__init__(f"The {part} does not render: {self.error}")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _compile(engine: Engine, part: str, source: str) -> Template:
    try:
        return engine.from_string(source)
    except Exception as exc:  # a broken template must never become a broken email
        raise TemplateRenderError(part, exc) from exc


def _run(template: Template, part: str, context: dict[str, Any]) -> str:
    try:
        return template.render(Context(context, autoescape=template.engine.autoescape))
    except Exception as exc:
        raise TemplateRenderError(part, exc) from exc


@dataclass(frozen=True)
class CompiledEmail:
    """An email template compiled once, to render for many recipients (a sweep's batch)."""

    subject: Template
    text: Template
    html: Template | None

    @classmethod
    def compile(cls, *, subject: str, text: str, html: str) -> CompiledEmail:
        return cls(
            subject=_compile(_TEXT_ENGINE, "subject", subject),
            text=_compile(_TEXT_ENGINE, "text body", text),
            html=_compile(_HTML_ENGINE, "HTML body", html) if html.strip() else None,
        )

    def render(self, context: dict[str, Any]) -> RenderedEmail:
        """Raises TemplateRenderError naming the failing part."""
        subject = _run(self.subject, "subject", context)
        return RenderedEmail(
            # A header is one line: newlines from a variable would make the email unsendable.
            subject=" ".join(subject.split()),
            text=_run(self.text, "text body", context),
            html=_run(self.html, "HTML body", context) if self.html is not None else "",
        )


def render_parts(*, subject: str, text: str, html: str, context: dict[str, Any]) -> RenderedEmail:
    """Render the three parts of an email; raises TemplateRenderError naming the failing part."""
    return CompiledEmail.compile(subject=subject, text=text, html=html).render(context)


def compiled_emails(keys: Iterable[str]) -> dict[str, CompiledEmail]:
    """The templates for `keys`, each compiled once (one query): the database row, or the
    shipped default when no row exists. Raises TemplateRenderError for an unknown key."""
    keys = set(keys)
    rows = {row.key: row for row in EmailTemplate.objects.filter(key__in=keys)}
    compiled = {}
    for key in keys:
        row = rows.get(key)
        if row is not None:
            compiled[key] = CompiledEmail.compile(
                subject=row.subject, text=row.text_body, html=row.html_body
            )
            continue
        default = DEFAULTS.get(key)
        if default is None:
            raise TemplateRenderError("template", f"there is no email template {key!r}")
        compiled[key] = CompiledEmail.compile(
            subject=default.subject, text=default.text, html=default.html
        )
    return compiled


def render_email(*, key: str, context: dict[str, Any]) -> RenderedEmail:
    """Render the template for `key` from the database, or the shipped default when no row exists.

    An inactive row still renders (whether to send is the caller's choice, see
    `notifications.selectors.email_template_is_active`).
    """
    return compiled_emails([key])[key].render(context)
