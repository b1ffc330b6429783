"""Root URL configuration: the one place where the domain apps are wired together."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from contracts import api as contracts_api
from criteria import api as criteria_api
from followup import api as followup_api
from followup.exchange import api as ocds_api
from followup.workqueue.views import home as work_queue
from oslo_procurement.accounts.access import back_office_allowed
from oslo_procurement.api.urls import api_urls, compose
from suppliers import api as suppliers_api

# The back office is the installation administrators' only (accounts.access.back_office_allowed).
admin.site.has_permission = back_office_allowed
admin.site.site_header = _("Oslo Procurement back office")
admin.site.site_title = _("Oslo Procurement")

# A lost database connection gives a 503 "nothing was saved" (docs/FAULTS.md); other errors 500.html.
handler500 = "oslo_procurement.faults.server_error"


def home(request):
    """Staff start at their work queue, supplier users in their portal."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.is_supplier_user:
        return redirect("portal:home")
    return work_queue(request)


# The REST API: each domain app's endpoints on one router, lowest floor first.
api_router = compose(
    suppliers_api.ROUTES,
    contracts_api.ROUTES,
    criteria_api.ROUTES,
    followup_api.ROUTES,
)

urlpatterns = [
    path("", home, name="home"),
    path("accounts/api-tokens/", include("oslo_procurement.api.token_urls")),
    path("accounts/", include("oslo_procurement.accounts.urls")),
    path("sso/", include("contracts.sso.urls")),
    path("suppliers/", include("suppliers.urls")),
    path("criteria/", include("criteria.urls")),
    path("agreements/", include("contracts.urls")),
    path("followup/", include("followup.urls")),
    path("work/", include("followup.workqueue.urls")),
    path("findings/", include("followup.research.urls")),
    path("risk/", include("followup.risk.urls")),
    path("timeline/", include("followup.timeline.urls")),
    path("meetings/", include("followup.meetings.urls")),
    path("calendar/", include("followup.calendar.urls")),
    path("actions/", include("followup.actions.urls")),
    path("reports/", include("followup.reports.urls")),
    path("reminders/", include("followup.reminders.urls")),
    path("exchange/", include("followup.exchange.urls")),
    path("shared/", include("followup.sharing.urls")),
    path("market-dialogue/", include("followup.consultations.urls")),
    path("lessons/", include("followup.lessons.urls")),
    path("next-procurement/", include("followup.procurement.urls")),
    path("letters/", include("followup.letters.urls")),
    path("notifications/", include("oslo_procurement.notifications.urls")),
    path("suppliers/cmrt/", include("suppliers.cmrt.urls")),
    path("portal/assessments/", include("followup.portal_urls")),
    path("portal/findings/", include("followup.research.portal_urls")),
    path("portal/meetings/", include("followup.meetings.portal_urls")),
    path("portal/actions/", include("followup.actions.portal_urls")),
    path("portal/market-dialogue/", include("followup.consultations.portal_urls")),
    path("portal/letters/", include("followup.letters.portal_urls")),
    path("portal/cmrt/", include("suppliers.cmrt.portal_urls")),
    path("portal/sharing/", include("followup.sharing.portal_urls")),
    path("portal/factories/", include("contracts.portal_urls")),
    path("portal/", include("suppliers.portal_urls")),
    path("api/v1/", include(api_urls(api_router, ocds_api.urlpatterns))),
    path("admin/", admin.site.urls),
    path("health/", include("oslo_procurement.ops.urls")),
]
