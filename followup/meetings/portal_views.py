"""Supplier portal screens for the supplier's follow-up meetings (URLs under
/portal/meetings/). Every meeting is fetched through get_portal_meeting (the user's own
organisation only). The agenda is shown only once it is shared; the minutes, decisions
and agreed actions only once the minutes are shared; the internal notes never."""

from django.shortcuts import render

from followup.models import Meeting
from oslo_procurement.accounts.access import supplier_required
from oslo_procurement.core import paginate
from suppliers.access import get_portal_supplier

from . import selectors
from .access import get_portal_meeting


@supplier_required
def meeting_list(request):
    supplier = get_portal_supplier(request)
    page = paginate(request, selectors.portal_meeting_list(supplier))
    return render(request, "portal/meetings/meeting_list.html", {"supplier": supplier, "page": page})


@supplier_required
def meeting_detail(request, public_id):
    meeting = get_portal_meeting(request, public_id)
    minutes_shared = meeting.status == Meeting.Status.MINUTES_SHARED
    return render(
        request,
        "portal/meetings/meeting_detail.html",
        {
            # Only what the supplier may see goes into the context: never the internal notes.
            "meeting": meeting,
            "buyer": meeting.buyer,
            "agenda_shared": meeting.agenda_shared_at is not None,
            "agenda": selectors.portal_agenda(meeting) if meeting.agenda_shared_at else [],
            "minutes_shared": minutes_shared,
            "actions": selectors.portal_agreed_actions(meeting) if minutes_shared else [],
            **selectors.meeting_participants(meeting),
        },
    )
