from django.http import HttpResponseBadRequest
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
