from django.conf import settings


def tandem(request):
    """Values every page shows; no queries here (STYLE.md)."""
    return {"tandem_version": settings.TANDEM_VERSION}
