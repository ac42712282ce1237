from django.conf import settings

from .access import UserAccess


def portal(request):
    """``access`` answers what the user may do (``{% if access.secretariat %}``); templates never test
    role names themselves (common/access.py)."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_ORGANISATION": settings.PORTAL_ORGANISATION,
        "access": UserAccess(user),
    }
