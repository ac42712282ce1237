"""Template filters for committee-scoped questions, so templates never test roles themselves:

{% load committee_access %}
{% if user|can_read_meetings:committee %}…{% endif %}
{% if user|manages_committee:committee %}…{% endif %}
"""

from django import template

from common.access import may_manage_committee

from ..access import can_read_meetings as _can_read_meetings

register = template.Library()


@register.filter
def can_read_meetings(user, committee) -> bool:
    return _can_read_meetings(user, committee)


@register.filter
def manages_committee(user, committee) -> bool:
    return may_manage_committee(user, committee)
