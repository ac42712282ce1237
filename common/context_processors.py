from django.conf import settings

from .access import user_roles


def portal(request):
    roles = user_roles(request.user) if hasattr(request, "user") else frozenset()
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_ORGANISATION": settings.PORTAL_ORGANISATION,
        "user_roles": roles,
    }
