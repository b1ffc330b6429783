"""Screens of the reports (URLs under /reports/): the manager dashboard and its drill-down
lists, PDF renderings (asked for, progress, download), the leadership's subscriptions
and recipients, and the sending log.

Every object is fetched through the access helpers below, scoped to the user's buyer
(contracts.access.get_user_buyer), so another buyer's id gives 404. Managers read
everything and may ask for a PDF; only officers and administrators change
subscriptions, recipients and deliveries."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from contracts.access import get_agreement_for_user, get_user_buyer
from oslo_procurement.accounts.access import require_staff, staff_required, staff_write_required
from oslo_procurement.audit.services import record_export
from oslo_procurement.core import edit_view, paginate
from oslo_procurement.uploads import serve_private_file
from suppliers.access import get_supplier_for_user

from ..models import ReportDelivery, ReportKind, ReportRecipient, ReportRun, ReportSubscription
from . import charts, figures, selectors, services
from .forms import (
    DashboardFilterForm,
    DeliveryFilterForm,
    RecipientForm,
    RunRequestForm,
    SubscriptionForm,
    SummaryReportForm,
    SupplierReportForm,
)

# --- Access ------------------------------------------------------------------------------------


def staff_report_required(view):
    """Asking for a PDF: every buyer staff role, managers included, may post here. It
    renders a report of data they may read and changes no compliance record."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_staff(request)
        return view(request, *args, **kwargs)

    wrapper.access = "staff_report"
    return wrapper


def get_run_for_user(request, public_id):
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ReportRun.objects.select_related("buyer", "supplier", "agreement", "requested_by"),
        public_id=public_id,
        buyer=buyer,
    )


def get_subscription_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ReportSubscription.objects.select_related("buyer", "agreement", "supplier"), public_id=public_id, buyer=buyer
    )


def get_recipient_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ReportRecipient.objects.select_related("subscription__buyer"), public_id=public_id, subscription__buyer=buyer
    )


def get_delivery_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    buyer = get_user_buyer(request)
    return get_object_or_404(
        ReportDelivery.objects.select_related("subscription__buyer"), public_id=public_id, subscription__buyer=buyer
    )


# --- Dashboard -----------------------------------------------------------------------------------


def _language():
    return "en" if (get_language() or "nb").startswith("en") else "nb"


@staff_required
def dashboard(request):
    buyer = get_user_buyer(request)
    form = DashboardFilterForm(request.GET or None, buyer=buyer)
    if request.GET and not form.is_valid():
        return render(
            request, "followup/reports/dashboard.html", {"buyer": buyer, "filter_form": form, "figures": []}, status=400
        )
    filters = form.filters()
    dashboard_figures = figures.dashboard_figures(buyer, filters)
    return render(
        request,
        "followup/reports/dashboard.html",
        {
            "buyer": buyer,
            "filter_form": form,
            "filters": filters,
            "query": filters.query_string(),
            "figures": [
                (figure, charts.render(figure, empty=_("No data for this selection.")))
                for figure in dashboard_figures.values()
            ],
            "as_of": timezone.now(),
            "language": _language(),
            "summary_kind": ReportKind.AGREEMENT if filters.agreement else ReportKind.BUYER,
        },
    )


def _dashboard_url(filters):
    return reverse("reports:dashboard") + ("?" + filters.query_string() if filters.as_params() else "")


@staff_required
def drilldown(request, figure):
    """The records behind one number of the dashboard, with the dashboard's filters."""
    buyer = get_user_buyer(request)
    form = DashboardFilterForm(request.GET, buyer=buyer)
    if figure not in figures.FIGURES or not form.is_valid():
        raise Http404("Unknown figure or filter.")
    filters = form.filters()
    key = request.GET.get("key", "")
    the_figure = figures.figure(buyer, filters, figure)
    if not key:
        # No number chosen: the figure on its own page, every number a link.
        return render(
            request,
            "followup/reports/figure.html",
            {
                "buyer": buyer,
                "figure": the_figure,
                "chart": charts.render(the_figure, empty=_("No data for this selection.")),
                "filters": filters,
                "query": filters.query_string(),
                "back_url": _dashboard_url(filters),
            },
        )
    try:
        records = figures.drilldown(buyer, filters, figure, key)
    except figures.UnknownFigure:
        raise Http404("Unknown figure.") from None
    kind = figures.RECORD_KINDS[figure]
    page = paginate(request, selectors.drilldown_records(records, kind, buyer=buyer))
    for record in page.object_list:
        if kind == "answer":
            record.link = selectors.record_url("assessment", record.assessment.public_id)
        else:
            record.link = selectors.record_url(kind, record.public_id)
        if kind == "finding":
            record.supplier_names = ", ".join(s.legal_name for s in record.suppliers.all())
    return render(
        request,
        "followup/reports/drilldown.html",
        {
            "buyer": buyer,
            "figure": the_figure,
            "key_label": the_figure.label_for(key),
            "kind": kind,
            "page": page,
            "filters": filters,
            "back_url": _dashboard_url(filters),
            "figure_url": reverse("reports:drilldown", args=[figure])
            + ("?" + filters.query_string() if filters.as_params() else ""),
            "today": timezone.localdate(),
        },
    )


# --- Renderings -------------------------------------------------------------------------------------


@staff_required
def report_home(request):
    """The reports page: ask for a supplier report or a leadership summary, and the
    buyer's recent renderings."""
    buyer = get_user_buyer(request)
    language = _language()
    return render(
        request,
        "followup/reports/home.html",
        {
            "buyer": buyer,
            "supplier_form": SupplierReportForm(buyer=buyer, initial={"language": language}, auto_id="supplier_%s"),
            "summary_form": SummaryReportForm(buyer=buyer, initial={"language": language}, auto_id="summary_%s"),
            "runs": selectors.recent_runs(buyer),
        },
    )


@staff_report_required
def run_create(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    buyer = get_user_buyer(request)
    form = RunRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("reports:home")
    data = form.cleaned_data
    kind = data["kind"]
    agreement = get_agreement_for_user(request, data["agreement"]) if data.get("agreement") else None
    supplier = get_supplier_for_user(request, data["supplier"]) if kind == ReportKind.SUPPLIER else None
    lot = None
    if data.get("lot"):
        lot = get_object_or_404(agreement.lots.all() if agreement else buyer.agreements.none(), public_id=data["lot"])
    if kind == ReportKind.BUYER:
        agreement = None
    filters = figures.Filters(
        agreement=agreement, lot=lot, date_from=data.get("date_from"), date_to=data.get("date_to")
    )
    run = services.report_request(
        buyer=buyer,
        kind=kind,
        language=data["language"],
        actor=request.user,
        supplier=supplier,
        agreement=agreement,
        filters=filters if kind != ReportKind.SUPPLIER else None,
    )
    return redirect(run.get_absolute_url())


@staff_required
def run_detail(request, public_id):
    run = get_run_for_user(request, public_id)
    context = {"run": run, "buyer": run.buyer}
    if run.period_key:
        context.update(period=services.period_label(run.period_key), bounds=services.period_bounds(run.period_key))
    return render(request, "followup/reports/run_detail.html", context)


@staff_required
def run_status(request, public_id):
    """The status fragment the run page polls (htmx) until the PDF is ready."""
    run = get_run_for_user(request, public_id)
    return render(request, "followup/reports/_run_status.html", {"run": run})


@staff_required
def run_download(request, public_id):
    run = get_run_for_user(request, public_id)
    if run.status != ReportRun.Status.DONE:
        raise Http404("The PDF is not ready.")
    record_export(request, "report_pdf", run, kind=run.kind, language=run.language, file_name=run.filename)
    return serve_private_file(run.file_path, filename=run.filename, content_type="application/pdf")


# --- Subscriptions ---------------------------------------------------------------------------------


@staff_required
def subscription_list(request):
    buyer = get_user_buyer(request)
    return render(
        request,
        "followup/reports/subscription_list.html",
        {"buyer": buyer, "subscriptions": selectors.subscription_list(buyer)},
    )


@staff_write_required
def subscription_create(request):
    buyer = get_user_buyer(request)
    form = SubscriptionForm(request.POST or None, instance=ReportSubscription(buyer=buyer), buyer=buyer)
    return edit_view(
        request,
        form=form,
        template="followup/reports/subscription_form.html",
        context={"title": _("New report subscription"), "cancel_url": reverse("reports:subscription_list")},
        save=lambda f: services.subscription_save(subscription=f.instance, actor=request.user),
        success_url=lambda s: s.get_absolute_url(),
    )


@staff_write_required
def subscription_edit(request, public_id):
    subscription = get_subscription_for_user(request, public_id, write=True)
    form = SubscriptionForm(request.POST or None, instance=subscription, buyer=subscription.buyer)
    return edit_view(
        request,
        form=form,
        template="followup/reports/subscription_form.html",
        context={"title": str(subscription), "cancel_url": subscription.get_absolute_url()},
        save=lambda f: services.subscription_save(subscription=f.instance, actor=request.user),
        success_url=subscription.get_absolute_url(),
    )


@staff_required
def subscription_detail(request, public_id):
    subscription = get_subscription_for_user(request, public_id)
    deliveries = selectors.delivery_log(subscription.buyer, subscription=subscription)[:20]
    next_key = services.next_period_key(subscription)
    return render(
        request,
        "followup/reports/subscription_detail.html",
        {
            "subscription": subscription,
            "next_period": services.period_label(next_key) if next_key else "",
            "next_bounds": services.period_bounds(next_key) if next_key else None,
            "recipients": subscription.recipients.order_by("name"),
            "deliveries": deliveries,
            "recipient_form": RecipientForm(subscription=subscription) if request.user.can_edit else None,
        },
    )


@staff_write_required
def recipient_add(request, public_id):
    subscription = get_subscription_for_user(request, public_id, write=True)
    form = RecipientForm(request.POST or None, subscription=subscription)

    def save(f):
        return services.recipient_add(
            subscription=subscription,
            name=f.cleaned_data["name"],
            email=f.cleaned_data["email"],
            language=f.cleaned_data["language"],
            actor=request.user,
        )

    return edit_view(
        request,
        form=form,
        template="followup/reports/recipient_form.html",
        context={
            "subscription": subscription,
            "title": _("Add a recipient"),
            "cancel_url": subscription.get_absolute_url(),
        },
        save=save,
        success_url=subscription.get_absolute_url() + "#recipients",
    )


@staff_write_required
def recipient_remove(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    recipient = get_recipient_for_user(request, public_id, write=True)
    subscription = recipient.subscription
    services.recipient_remove(recipient=recipient, actor=request.user)
    messages.success(request, _("Removed: %(name)s") % {"name": recipient})
    return redirect(subscription.get_absolute_url() + "#recipients")


# --- Sending log ---------------------------------------------------------------------------------


@staff_required
def delivery_log(request):
    buyer = get_user_buyer(request)
    form = DeliveryFilterForm(request.GET or None)
    page = paginate(request, selectors.delivery_log(buyer, **form.filters()))
    return render(request, "followup/reports/delivery_log.html", {"buyer": buyer, "filter_form": form, "page": page})


@staff_write_required
def delivery_resend(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    delivery = get_delivery_for_user(request, public_id, write=True)
    try:
        resent = services.delivery_resend(delivery=delivery, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if resent:
            messages.success(request, _("The report is sent again to %(email)s.") % {"email": delivery.recipient_email})
        else:
            messages.info(request, _("This email is already waiting to be sent."))
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("reports:delivery_log"))


def _safe_next(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@staff_write_required
def subscription_preview(request, public_id):
    """Render the PDF the subscription sends next, for the officer to read first."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    subscription = get_subscription_for_user(request, public_id, write=True)
    run = services.subscription_preview(subscription=subscription, actor=request.user)
    if run is None:
        messages.info(request, _("There is no report to send yet: no reporting round has ended."))
        return redirect(subscription)
    return redirect(run)


@staff_write_required
def subscription_send_now(request, public_id):
    """Send the next report now, through the same deliveries and log as the schedule;
    each recipient gets it once, however often the button is pressed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    subscription = get_subscription_for_user(request, public_id, write=True)
    period_key, waiting = services.subscription_send_now(subscription=subscription, actor=request.user)
    if period_key is None:
        messages.info(request, _("There is no report to send yet: no reporting round has ended."))
    elif not subscription.active:
        messages.error(request, _("This subscription is switched off: switch it on to send its report."))
    elif waiting:
        messages.success(
            request,
            ngettext(
                "The report for %(period)s is being sent to %(count)s recipient. The log below shows the email.",
                "The report for %(period)s is being sent to %(count)s recipients. The log below shows each email.",
                waiting,
            )
            % {"period": services.period_label(period_key), "count": waiting},
        )
    else:
        messages.info(
            request,
            _("Every recipient has already had the report for %(period)s. Resend one email from the log if needed.")
            % {"period": services.period_label(period_key)},
        )
    return redirect(subscription)
