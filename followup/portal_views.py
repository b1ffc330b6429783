"""Supplier portal screens for self-assessments (URLs under /portal/assessments/). Every
lookup goes through followup.access.get_portal_assessment, scoped to the user's own
organisation; nothing the officers keep for themselves (internal notes, reviews not
meant for the supplier) is passed to these templates.

The answer page is one form with a block per question. Without script, each block's
Save button (and Save all) posts the whole form: every changed answer is saved, so
nothing typed in another block is lost. With script (static/js/autosave.js) each block
saves on its own as the supplier types, and the server answers with JSON."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oslo_procurement.accounts.access import supplier_required
from suppliers.access import get_portal_supplier

from . import plausibility, selectors, services
from .access import get_portal_assessment
from .forms import AnswerForm
from .models import Assessment, ReportingRound
from .scoring import is_answered

CONFLICT_MESSAGE = gettext_lazy("This answer was changed in another window; reload to see it.")


@supplier_required
def assessment_list(request):
    supplier = get_portal_supplier(request)
    return render(
        request,
        "portal/followup/assessment_list.html",
        {"supplier": supplier, "rows": selectors.portal_assessments(supplier)},
    )


def _prefix(question):
    return f"q{question.order}"


def _rows(assessment, *, data=None, only=None):
    """One row per question, in display order: the question, the answer, whether the
    supplier may change it now, and (if so) its form bound to ``data``. ``only`` limits
    the forms to one prefix (an autosave). Without ``data`` (the page as first shown) no
    form is built: ``saved_inputs`` tells the page to write the inputs with the saved answer
    (answer_blocks.SavedInputs, the HTML an unbound form writes)."""
    items = selectors.assessment_items(assessment)
    library = selectors.supplier_evidence(assessment.supplier)
    today = timezone.localdate()
    valid = [e for e in library if not e.is_expired(today)]
    expired = [e for e in library if e.is_expired(today)]
    rows = selectors.answer_rows(items)
    actions = selectors.answer_actions(assessment, for_supplier=True)
    for row in rows:
        question, answer = row["question"], row["answer"]
        row["action"] = actions.get(answer.pk) if answer is not None else None
        row["prefix"] = prefix = _prefix(question)
        row["editable"] = editable = services.supplier_may_edit(assessment, answer)
        row["form"] = None
        row["saved_inputs"] = False
        row["library"] = valid
        if editable and (only is None or only == prefix):
            if data is None:
                row["saved_inputs"] = True
            else:
                row["form"] = AnswerForm(data, prefix=prefix, question=question, answer=answer, evidence=valid)
        row["expired_attached"] = [e for e in row["attached"] if e.is_expired(today)]
        row["expired_library"] = [e for e in expired if not question.evidence_kind or e.kind == question.evidence_kind]
    return rows, items


def _page(request, assessment, rows, items, *, status=200):
    round_open = assessment.round.status == ReportingRound.Status.OPEN
    can_submit = round_open and assessment.status in (
        Assessment.Status.NOT_STARTED,
        Assessment.Status.IN_PROGRESS,
        Assessment.Status.RETURNED,
    )
    return render(
        request,
        "portal/followup/assessment_detail.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "questionnaire": assessment.round.questionnaire,
            "supplier": assessment.supplier,
            "groups": selectors.group_by_step(rows, key=lambda row: row["question"]),
            "missing": selectors.missing_required(items),
            "can_submit": can_submit,
            "can_edit_any": any(row["editable"] for row in rows),
            "round_open": round_open,
            "days_left": (assessment.round.deadline - timezone.localdate()).days,
            "error_summary": _error_summary(rows),
        },
        status=status,
    )


def _error_summary(rows):
    """``[(question number, field id, message), ...]`` for the summary above a refused save."""
    summary = []
    for row in rows:
        form = row["form"]
        if form is None or not form.is_bound or form.is_valid():
            continue
        for name, errors in form.errors.items():
            target = form[name].id_for_label if name in form.fields else f"question-{row['question'].order}"
            summary.extend((row["question"].number, target, error) for error in errors)
    return summary


@supplier_required
def assessment_detail(request, public_id):
    assessment = get_portal_assessment(request, public_id)
    if request.method == "POST":
        if "autosave" in request.POST:
            return _autosave(request, assessment)
        return _save_all(request, assessment)
    rows, items = _rows(assessment)
    return _page(request, assessment, rows, items)


def _autosave(request, assessment):
    """One question saved from script: JSON back, 409 on a revision conflict."""
    prefix = request.POST.get("autosave", "")
    rows, _items = _rows(assessment, data=request.POST, only=prefix)
    row = next((row for row in rows if row["prefix"] == prefix), None)
    if row is None:
        return JsonResponse({"ok": False, "message": _("This question is not part of the questionnaire.")}, status=400)
    if row["form"] is None:
        return JsonResponse({"ok": False, "message": _("This answer can no longer be changed.")}, status=400)
    form = row["form"]
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return JsonResponse(
            {
                "ok": False,
                "errors": form.errors.get_json_data(),
                "message": _("Not saved: %(errors)s") % {"errors": " ".join(errors)},
            },
            status=400,
        )
    try:
        answer = services.answer_save(
            assessment=assessment,
            question=row["question"],
            values=form.values(),
            evidence=form.chosen_evidence(),
            expected_revision=form.cleaned_data["revision"],
            actor=request.user,
        )
    except services.RevisionConflict as exc:
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "message": str(CONFLICT_MESSAGE),
                "revision": exc.answer.revision if exc.answer else 0,
            },
            status=409,
        )
    except ValidationError as exc:
        return JsonResponse(
            {"ok": False, "message": _("Not saved: %(errors)s") % {"errors": " ".join(exc.messages)}}, status=400
        )
    saved_at = time_format(timezone.localtime(), "TIME_FORMAT")
    items = selectors.assessment_items(assessment)
    missing_html = render_to_string(
        "portal/followup/_missing.html",
        {"assessment": assessment, "missing": selectors.missing_required(items)},
        request=request,
    )
    return JsonResponse(
        {
            "ok": True,
            "revision": answer.revision if answer is not None else form.cleaned_data["revision"],
            "saved_at": saved_at,
            "message": _("Saved %(time)s") % {"time": saved_at},
            "status": assessment.get_status_display(),
            "missing_html": missing_html,
            # Soft plausibility rules the saved answer breaks: the page asks for the reason.
            "soft": plausibility.soft_messages(row["question"], answer),
        }
    )


def _save_all(request, assessment):
    """The form posted without script: save every changed answer. Wrong input saves
    nothing and shows the errors; a conflict saves the others and shows which."""
    rows, items = _rows(assessment, data=request.POST)
    posted = [row for row in rows if row["form"] is not None and f"{row['prefix']}-revision" in request.POST]
    if not all(row["form"].is_valid() for row in posted):
        messages.error(request, _("Nothing was saved. Please correct the answers marked below."))
        return _page(request, assessment, rows, items, status=400)
    data = request.POST.copy()
    saved, problems = 0, {}
    for row in posted:
        form = row["form"]
        if not form.user_changed():
            continue
        try:
            answer = services.answer_save(
                assessment=assessment,
                question=row["question"],
                values=form.values(),
                evidence=form.chosen_evidence(),
                expected_revision=form.cleaned_data["revision"],
                actor=request.user,
            )
        except services.RevisionConflict as exc:
            problems[row["prefix"]] = (CONFLICT_MESSAGE, exc.answer)
        except ValidationError as exc:
            problems[row["prefix"]] = (" ".join(exc.messages), None)
        else:
            saved += 1
            if answer is not None:
                data[f"{row['prefix']}-revision"] = str(answer.revision)
    if problems:
        rows, items = _rows(assessment, data=data)
        for row in rows:
            if row["prefix"] in problems:
                row["problem"], row["current"] = problems[row["prefix"]]
        messages.warning(request, _("Some answers were not saved. They are marked below."))
        return _page(request, assessment, rows, items, status=409)
    if saved:
        messages.success(request, _("Saved %(time)s") % {"time": time_format(timezone.localtime(), "TIME_FORMAT")})
    else:
        messages.info(request, _("Nothing had changed."))
    anchor = request.POST.get("save", "")
    target = reverse("portal_followup:detail", args=[assessment.public_id])
    if anchor.startswith("q") and anchor[1:].isdigit():
        target += f"#question-{anchor[1:]}"
    return redirect(target)


@supplier_required
def assessment_submit(request, public_id):
    """GET shows what will be sent (or what is still missing); POST submits. A second
    POST changes nothing."""
    assessment = get_portal_assessment(request, public_id)
    status = 200
    if request.method == "POST":
        try:
            changed = services.assessment_submit(assessment=assessment, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        else:
            if changed:
                messages.success(
                    request,
                    _("Submitted. %(buyer)s has been told and will review your answers.")
                    % {"buyer": assessment.round.agreement.buyer.name},
                )
            else:
                messages.info(request, _("This self-assessment was already submitted; nothing was changed."))
            return redirect("portal_followup:detail", assessment.public_id)
    items = selectors.assessment_items(assessment)
    round_open = assessment.round.status == ReportingRound.Status.OPEN
    return render(
        request,
        "portal/followup/assessment_submit.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "questionnaire": assessment.round.questionnaire,
            "missing": selectors.missing_required(items),
            "unexplained": plausibility.unexplained(items),
            "answered": sum(1 for question, answer in items if is_answered(question, answer)),
            "total": len(items),
            "can_submit": round_open and assessment.editable_by_supplier,
        },
        status=status,
    )
