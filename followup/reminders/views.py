"""The staff page listing the notifications sent (and waiting) for one supplier."""

from django.shortcuts import render

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import staff_required
from oslo_procurement.core import paginate
from oslo_procurement.notifications.models import Notification
from suppliers.access import get_supplier_for_user

from . import selectors


@staff_required
def supplier_notifications(request, public_id):
    supplier = get_supplier_for_user(request, public_id)
    buyer = get_user_buyer(request)
    status = request.GET.get("status", "")
    page = paginate(request, selectors.supplier_notifications(supplier=supplier, buyer=buyer, status=status))
    for notification in page:
        notification.step_text = selectors.step_text(notification)
    counts = selectors.status_counts(selectors.supplier_notifications(supplier=supplier, buyer=buyer))
    return render(
        request,
        "followup/reminders/supplier_notifications.html",
        {
            "supplier": supplier,
            "page": page,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Notification.Status.choices],
        },
    )
