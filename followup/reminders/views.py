"""Staff pages of the reminders: the notifications sent (and waiting) for one supplier, and the
suppliers covered by the Transparency Act without this year's account."""

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.access import get_user_buyer
from oslo_procurement.accounts.access import staff_required
from oslo_procurement.audit.services import record_export
from oslo_procurement.core import paginate
from oslo_procurement.notifications.models import Notification
from oslo_procurement.spreadsheets import table_csv
from suppliers.access import get_supplier_for_user

from . import selectors
from .forms import TransparencyFilterForm
from .rules import TRANSPARENCY_DEADLINE


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


def _transparency_headers():
    return [
        _("Supplier"),
        _("Organisation number"),
        _("Country"),
        _("Newest account on file"),
        _("Portal users"),
    ]


@staff_required
def transparency_accounts(request):
    """Suppliers covered by the Transparency Act with no account for this year on file (due
    30 June), among the buyer's contracted suppliers: the same rows the work queue counts and
    the reminders go to. On the page, or as CSV (``?format=csv``), audited."""
    buyer = get_user_buyer(request)
    year = timezone.localdate().year
    form = TransparencyFilterForm(request.GET or None)
    filters = form.filters()
    suppliers = selectors.transparency_missing(
        buyer=buyer,
        year=year,
        user=request.user,
        mine=filters.get("mine") == "1",
        search=filters.get("q", ""),
        portal_users=filters.get("portal_users", ""),
    )
    if request.GET.get("format") == "csv":
        rows = [
            [
                s.legal_name,
                s.org_number or s.foreign_registry_id,
                s.country.name,
                timezone.localtime(s.last_account).date().isoformat() if s.last_account else "",
                s.portal_user_count,
            ]
            for s in suppliers
        ]
        record_export(request, "transparency_missing_csv", count=len(rows), year=year)
        response = HttpResponse(table_csv(_transparency_headers(), rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="transparency-act-missing-{year}.csv"'
        return response
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return render(
        request,
        "followup/reminders/transparency_accounts.html",
        {
            "filter_form": form,
            "page": paginate(request, suppliers),
            "year": year,
            "deadline": datetime.date(year, *TRANSPARENCY_DEADLINE),
            "csv_query": query.urlencode(),
        },
    )
