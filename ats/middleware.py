from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.functional import SimpleLazyObject

from ats.roles import roles_for


class RolesMiddleware:
    """Sets `request.roles`, read lazily: pages that never ask cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_for(request.user))
        return self.get_response(request)


class RejectNulCharactersMiddleware:
    """A NUL character in a query or form value is a 400 with a plain sentence, not a 500.

    PostgreSQL cannot store NUL in text, and no honest form sends one. Django's form fields
    reject it too; this covers every value a view reads directly from GET or POST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for data in (request.GET, request.POST if request.method == "POST" else {}):
            for values in data.lists() if data else ():
                if any("\x00" in value for value in values[1]):
                    return HttpResponseBadRequest(
                        "The request contained a NUL character, which Tandem does not accept.",
                        content_type="text/plain; charset=utf-8",
                    )
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than TANDEM_MAX_REQUEST_BYTES with a 413, before anything
    (CSRF included) reads it. A backstop well above the largest honest request (an application
    with a 10 MB resume, which the careers page refuses itself, with its own page, above 11 MB).
    A proxy in front should enforce a limit too (e.g. nginx client_max_body_size)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then; the page answers the request as empty
        if length > settings.TANDEM_MAX_REQUEST_BYTES:
            return HttpResponse(
                "The request is too large: files up to 10 MB are accepted.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
