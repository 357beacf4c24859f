"""Where a form may send its user back to: a `next` value is followed only when it is a path on
this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request: HttpRequest, value: str | None) -> str | None:
    """`value` when it is a local path ("/requisitions/3/pipeline/"), else None.

    A bare word ("foo") would be taken for a URL name by `redirect()`, another host would leave
    the site, a control character would break the Location header: none of them is followed.
    """
    if not value or not value.startswith("/") or not value.isprintable():
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value
