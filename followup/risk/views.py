"""Officer and manager screens for risk (URLs under /risk/): the buyer's overview of
suppliers by residual risk, each supplier's figure with its explanation and trend, and
the ratings editor (countries; product category × production stage)."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.access import get_agreement_for_user, get_user_buyer
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.core import paginate
from suppliers.access import get_supplier_for_user

from ..models import CategoryStageRisk, CountryRisk
from . import engine, selectors, services
from .chart import trend_chart
from .forms import CategoryStageRiskForm, CountryRiskForm, RiskFilterForm


@staff_required
def risk_overview(request):
    buyer = get_user_buyer(request)
    form = RiskFilterForm(request.GET or None)
    page = paginate(request, selectors.risk_overview(buyer=buyer, **form.filters()))
    selectors.label_levels(page)
    return render(request, "followup/risk/overview.html", {"filter_form": form, "page": page})


@staff_write_required
def risk_recompute_all(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    buyer = get_user_buyer(request)
    created = services.risk_recompute_all(buyer=buyer)
    messages.success(
        request,
        ngettext(
            "Recomputed. %(count)s supplier's figure changed.",
            "Recomputed. %(count)s suppliers' figures changed.",
            created,
        )
        % {"count": created},
    )
    return redirect("risk:overview")


@staff_required
def supplier_risk(request, public_id):
    """The supplier's figure as it is now, line by line, and its recorded trend."""
    supplier = get_supplier_for_user(request, public_id)
    buyer = get_user_buyer(request)
    result = engine.assess(buyer=buyer, supplier=supplier)
    rows = selectors.trend(buyer=buyer, supplier=supplier)
    latest = rows[-1] if rows else None
    return render(
        request,
        "followup/risk/supplier_risk.html",
        {
            "supplier": supplier,
            "result": result,
            "level_label": dict(engine.RiskLevel.choices)[result.level],
            "explanation": selectors.explanation_rows(result.lines),
            "pairs": selectors.pair_rows(result.explanation()["pairs"]),
            "trend": rows,
            "chart": trend_chart(rows),
            "latest": latest,
            "stale": latest is None or latest.inputs_digest != result.digest,
            "thresholds": engine.THRESHOLDS,
        },
    )


@staff_write_required
def supplier_recompute(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    supplier = get_supplier_for_user(request, public_id, write=True)
    buyer = get_user_buyer(request)
    _row, created = services.risk_recompute(buyer=buyer, supplier=supplier)
    if created:
        messages.success(request, _("The new figure is recorded in the trend."))
    else:
        messages.info(request, _("Nothing has changed since the figure was last recorded."))
    return redirect("risk:supplier", public_id=supplier.public_id)


# --- Ratings ---------------------------------------------------------------------------------


@staff_required
def ratings(request):
    buyer = get_user_buyer(request)
    return render(
        request,
        "followup/risk/ratings.html",
        {
            "countries": selectors.country_ratings(buyer),
            "matrix": selectors.category_matrix(buyer),
            "unlisted_level": dict(engine.RiskLevel.choices)[engine.UNLISTED_COUNTRY_LEVEL],
            "levels": engine.RiskLevel.choices,
        },
    )


@staff_write_required
def country_rating_edit(request):
    """Rate a country (``?country=CN`` opens it with its current rating)."""
    buyer = get_user_buyer(request)
    initial = {}
    code = (request.GET.get("country") or "").upper()[:2]
    if code:
        rating = CountryRisk.objects.filter(buyer=buyer, country=code).first()
        level = rating.level if rating else engine.DEFAULT_COUNTRY_LEVELS.get(code, "")
        initial = {"country": code, "level": level, "note": rating.note if rating else ""}
    form = CountryRiskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.country_risk_save(buyer=buyer, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. The suppliers with sites in this country are recomputed."))
        return redirect(reverse("risk:ratings") + "#countries")
    return render(
        request,
        "followup/risk/country_form.html",
        {"form": form, "title": _("Rate a country"), "cancel_url": reverse("risk:ratings") + "#countries"},
        status=400 if form.errors else 200,
    )


@staff_write_required
def country_rating_remove(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    buyer = get_user_buyer(request)
    code = (request.POST.get("country") or "").upper()[:2]
    if services.country_risk_remove(buyer=buyer, country=code, actor=request.user):
        messages.success(request, _("Our rating is removed; the default rating applies again."))
    return redirect(reverse("risk:ratings") + "#countries")


@staff_write_required
def category_ratings_edit(request):
    buyer = get_user_buyer(request)
    current = {(r.category, r.stage): r.level for r in CategoryStageRisk.objects.filter(buyer=buyer)}
    form = CategoryStageRiskForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        changed = services.category_stage_risks_save(buyer=buyer, levels=form.levels(), actor=request.user)
        messages.success(
            request,
            ngettext("Saved: %(count)s rating changed.", "Saved: %(count)s ratings changed.", changed)
            % {"count": changed},
        )
        return redirect(reverse("risk:ratings") + "#categories")
    return render(
        request,
        "followup/risk/category_form.html",
        {"form": form, "cancel_url": reverse("risk:ratings") + "#categories"},
        status=400 if form.errors else 200,
    )


@staff_required
def agreement_risk(request, public_id):
    """Risk per agreement: its suppliers' figures computed for its lots alone."""
    agreement = get_agreement_for_user(request, public_id)
    rows = list(selectors.agreement_risk(agreement=agreement))
    selectors.label_levels(rows)
    return render(
        request,
        "followup/risk/agreement.html",
        {"agreement": agreement, "rows": rows, "summary": selectors.agreement_risk_summary(rows)},
    )


@staff_write_required
def agreement_recompute(request, public_id):
    agreement = get_agreement_for_user(request, public_id, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    created = services.risk_recompute_agreement(agreement=agreement)
    messages.success(
        request,
        ngettext(
            "Recomputed. %(count)s supplier's figure changed.",
            "Recomputed. %(count)s suppliers' figures changed.",
            created,
        )
        % {"count": created},
    )
    return redirect("risk:agreement", public_id=agreement.public_id)
