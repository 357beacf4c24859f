from django.utils.functional import SimpleLazyObject

from ats.roles import roles_for


class RolesMiddleware:
    """Sets `request.roles`, read lazily: pages that never ask cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_for(request.user))
        return self.get_response(request)
