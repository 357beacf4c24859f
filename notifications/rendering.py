"""Turn an email template (Django template syntax) and a context dict into subject, text and HTML.

Templates are compiled by engines of their own, not the project's: no loaders, so an admin's
template cannot `{% include %}` or `{% extends %}` files from the server. The HTML engine escapes
variables; the text and subject engine does not (a plain-text email shows "&" as "&").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine

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


def _render(engine: Engine, part: str, source: str, context: dict[str, Any]) -> str:
    try:
        return engine.from_string(source).render(Context(context, autoescape=engine.autoescape))
    except Exception as exc:  # a broken template must never become a broken email
        raise TemplateRenderError(part, exc) from exc


def render_parts(*, subject: str, text: str, html: str, context: dict[str, Any]) -> RenderedEmail:
    """Render the three parts of an email; raises TemplateRenderError naming the failing part."""
    rendered_subject = _render(_TEXT_ENGINE, "subject", subject, context)
    return RenderedEmail(
        # A header is one line: newlines from a variable would make the email unsendable.
        subject=" ".join(rendered_subject.split()),
        text=_render(_TEXT_ENGINE, "text body", text, context),
        html=_render(_HTML_ENGINE, "HTML body", html, context) if html.strip() else "",
    )


def render_email(*, key: str, context: dict[str, Any]) -> RenderedEmail:
    """Render the template for `key` from the database, or the shipped default when no row exists.

    An inactive row still renders (whether to send is the caller's choice, see
    `notifications.selectors.email_template_is_active`).
    """
    template = EmailTemplate.objects.filter(key=key).first()
    if template is not None:
        return render_parts(
            subject=template.subject,
            text=template.text_body,
            html=template.html_body,
            context=context,
        )
    default = DEFAULTS.get(key)
    if default is None:
        raise TemplateRenderError("template", f"there is no email template {key!r}")
    return render_parts(
        subject=default.subject, text=default.text, html=default.html, context=context
    )
