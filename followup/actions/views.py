"""Officer and manager screens for corrective action plans and the sanctions ladder
(URLs under /actions/). Every object is fetched through followup.actions.access, scoped to
the user's buyer; every change goes through followup.actions.services."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.access import get_user_buyer
from contracts.selectors import my_suppliers
from followup.access import get_assessment_for_user
from followup.models import Answer, CorrectiveAction, Escalation
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.audit.services import record_export
from oslo_procurement.compiled import CompiledList, compiled_queryset
from oslo_procurement.core import edit_view, paginate
from suppliers.access import get_supplier_for_user

from . import selectors, services
from .access import (
    get_action_for_user,
    get_escalation_for_manager,
    get_escalation_for_user,
    is_manager,
    manager_required,
)
from .forms import ActionFilterForm, ActionForm, DecideForm, EscalateForm, LiftForm, ReturnForm, VerifyForm


def _refused(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def detail_url(action):
    return reverse("actions:detail", args=[action.public_id])


def escalation_url(escalation):
    return reverse("actions:escalation_detail", args=[escalation.public_id])


def _form_page(request, *, form, title, action, save, success_url, template="followup/actions/form.html", **extra):
    return edit_view(
        request,
        form=form,
        template=template,
        context={"title": title, "action": action, "cancel_url": detail_url(action), **extra},
        save=save,
        success_url=success_url,
    )


# --- The plan -------------------------------------------------------------------------------


@staff_required
def action_list(request):
    buyer = get_user_buyer(request)
    suppliers = compiled_queryset("actions.filter_suppliers", selectors.suppliers_with_actions, buyer=buyer)
    form = ActionFilterForm(request.GET or None, suppliers=suppliers)
    filters = form.filters()
    mine = filters.pop("mine", "")
    wanted = filters.pop("supplier", None)
    supplier = next((s for s in suppliers if str(s.public_id) == wanted), None)
    on = selectors.today()

    def rows(buyer, user, supplier=None):
        actions = selectors.action_list(buyer=buyer, supplier=supplier, on=on, **filters)
        if mine:
            actions = actions.filter(supplier__in=my_suppliers(buyer, user))
        return selectors.action_list_rows(actions)

    # Built and compiled once per shape of the filters (oslo_procurement.compiled).
    key = ("actions.list", on, mine, supplier is not None, *sorted(filters.items()))
    records = {"buyer": buyer, "user": request.user} | ({"supplier": supplier} if supplier is not None else {})
    page = paginate(request, CompiledList(key, rows, **records))
    for action in page:
        action.rung_in_force_label = Escalation.Rung(action.rung_in_force).label if action.rung_in_force else ""
    return render(
        request,
        "followup/actions/action_list.html",
        {
            "filter_form": form,
            "page": page,
            "awaiting": CompiledList("actions.escalation_queue", selectors.escalation_queue, buyer=buyer).count(),
        },
    )


@staff_required
def action_detail(request, public_id):
    action = get_action_for_user(request, public_id)
    today = selectors.today()
    escalations = list(selectors.action_escalations(action))
    next_rung = selectors.next_rung(action)
    pending = any(e.status == Escalation.Status.PROPOSED for e in escalations)
    overdue = action.is_overdue(today)
    return render(
        request,
        "followup/actions/action_detail.html",
        {
            "action": action,
            "overdue": overdue,
            "updates": selectors.action_updates(action),
            "escalations": escalations,
            "can_escalate": overdue and next_rung is not None and not pending,
            "closed": action.status == CorrectiveAction.Status.VERIFIED_CLOSED,
            "finding_url": selectors.finding_link(action.finding),
            "history": history_entries(action),
        },
    )


@staff_write_required
def action_create(request):
    """A corrective action outside a meeting, for the supplier in ``?supplier=``."""
    buyer = get_user_buyer(request)
    supplier_id = request.GET.get("supplier")
    if not supplier_id:
        return render(
            request,
            "followup/actions/choose_supplier.html",
            {"title": _("New corrective action"), "suppliers": _suppliers(), "cancel_url": reverse("actions:list")},
        )
    supplier = get_supplier_for_user(request, supplier_id, write=True)
    settings = services.followup_settings_for(buyer)
    form = ActionForm(request.POST or None, buyer=buyer, supplier=supplier, settings=settings)
    return edit_view(
        request,
        form=form,
        template="followup/actions/form.html",
        context={
            "title": _("New corrective action for %(supplier)s") % {"supplier": supplier.legal_name},
            "cancel_url": reverse("actions:list"),
        },
        save=lambda f: services.action_create(buyer=buyer, supplier=supplier, actor=request.user, **f.cleaned_data),
        success_url=detail_url,
    )


# The severity of a non-compliant answer, as the severity of the action it starts.
ANSWER_SEVERITY = {"low": 1, "medium": 2, "high": 3, "critical": 4}


@staff_write_required
def action_create_from_answer(request, public_id):
    """A corrective action started from a non-compliant answer of the self-assessment
    ``public_id`` (the question in ``?question=``), in one step: the form comes prefilled
    (the criterion, the answer, its severity and the buyer's default deadline for it) and
    the action is linked to the answer. An answer that already has an action shows that
    one instead of making a second."""
    assessment = get_assessment_for_user(request, public_id, write=True)
    review_url = reverse("followup:assessment_review", args=[assessment.public_id])
    try:
        question_id = uuid.UUID(request.GET.get("question", ""))
    except ValueError:
        raise Http404("No such question") from None
    # Through the assessment the access helper scoped to the user's buyer.
    answer = get_object_or_404(
        Answer.objects.select_related("question__criterion_version__criterion"),
        assessment=assessment,
        question__public_id=question_id,
    )
    existing = CorrectiveAction.objects.filter(answer=answer).first()
    if existing is not None:
        messages.info(request, _("A corrective action was already started from this answer; here it is."))
        return redirect(detail_url(existing))
    if answer.review != answer.Review.NON_COMPLIANT:
        messages.error(request, _("A corrective action can be started only from an answer recorded as non-compliant."))
        return redirect(review_url + f"#answer-{answer.question.public_id}")
    buyer, supplier = assessment.round.agreement.buyer, assessment.supplier
    question = answer.question
    criterion = question.criterion_version.criterion
    severity = ANSWER_SEVERITY[answer.severity]
    initial = {
        "title": _("%(code)s: %(criterion)s") % {"code": criterion.code, "criterion": question.criterion_version.title},
        "description": "\n\n".join(
            part for part in (f"{question.order}. {question.text}", answer.review_comment) if part
        ),
        "severity": severity,
        "deadline": services.default_deadline(buyer=buyer, severity=severity),
    }
    settings = services.followup_settings_for(buyer)
    form = ActionForm(request.POST or None, buyer=buyer, supplier=supplier, settings=settings, initial=initial)
    return edit_view(
        request,
        form=form,
        template="followup/actions/form_from_answer.html",
        context={
            "title": _("New corrective action for %(supplier)s") % {"supplier": supplier.legal_name},
            "cancel_url": review_url + f"#answer-{question.public_id}",
            "answer": answer,
            "assessment": assessment,
            "criterion": criterion,
        },
        save=lambda f: services.action_create(
            buyer=buyer, supplier=supplier, actor=request.user, answer=answer, **f.cleaned_data
        ),
        success_url=detail_url,
    )


def _suppliers():
    from suppliers.models import Supplier

    return Supplier.objects.active().order_by("legal_name")


@staff_write_required
def action_edit(request, public_id):
    action = get_action_for_user(request, public_id, write=True)
    form = ActionForm(request.POST or None, instance=action, buyer=action.buyer, supplier=action.supplier)
    return _form_page(
        request,
        form=form,
        title=_("Edit corrective action"),
        action=action,
        save=lambda f: services.action_save(action=f.instance, actor=request.user),
        success_url=detail_url(action),
    )


@staff_write_required
def action_start(request, public_id):
    action = get_action_for_user(request, public_id, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.action_start(action=action, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The action is marked as in progress."))
    return redirect(detail_url(action))


@staff_write_required
def action_verify(request, public_id):
    action = get_action_for_user(request, public_id, write=True)
    return _form_page(
        request,
        form=VerifyForm(
            request.POST or None, evidence_submitted=action.status == CorrectiveAction.Status.EVIDENCE_SUBMITTED
        ),
        title=_("Verify and close"),
        action=action,
        save=lambda f: services.action_verify(
            action=action,
            actor=request.user,
            note=f.cleaned_data["note"],
            override=f.cleaned_data.get("override", False),
        ),
        success_url=detail_url(action),
        template="followup/actions/verify_form.html",
        updates=selectors.action_updates(action),
    )


@staff_write_required
def action_return(request, public_id):
    action = get_action_for_user(request, public_id, write=True)
    return _form_page(
        request,
        form=ReturnForm(request.POST or None),
        title=_("Return to the supplier"),
        action=action,
        save=lambda f: services.action_return(action=action, actor=request.user, reason=f.cleaned_data["reason"]),
        success_url=detail_url(action),
    )


# --- The sanctions ladder -------------------------------------------------------------------


def _letter_preview(request, *, escalation, kind, **options):
    """The letter as it would go out, in the supplier's language, shown in the browser;
    nothing is saved or sent. Logged like every other file taken out of the system."""
    from followup.letters.services import letter_preview
    from followup.letters.views import pdf_inline_response

    content, _pages = letter_preview(escalation=escalation, kind=kind, **options)
    record_export(
        request,
        "sanction_letter_preview",
        escalation if escalation.pk else escalation.action,
        supplier=str(escalation.supplier),
        rung=escalation.rung,
        kind=kind,
    )
    name = f"preview-{kind}-{escalation.rung}.pdf"
    return pdf_inline_response(content, filename=name)


def _wants_preview(request, form):
    return request.method == "POST" and "preview" in request.POST and form.is_valid()


@staff_write_required
def action_escalate(request, public_id):
    action = get_action_for_user(request, public_id, write=True)
    agreements = selectors.supplier_agreements(buyer=action.buyer, supplier=action.supplier)
    initial = {
        "rung": selectors.next_rung(action) or Escalation.Rung.TERMINATION,
        "remedy_deadline": services.default_deadline(buyer=action.buyer, severity=action.severity),
    }
    if len(agreements) == 1:
        initial["agreement"] = agreements[0]
    form = EscalateForm(request.POST or None, agreements=agreements, initial=initial)
    if _wants_preview(request, form):
        data = form.cleaned_data
        draft = Escalation(
            buyer=action.buyer,
            supplier=action.supplier,
            action=action,
            agreement=data["agreement"],
            rung=data["rung"],
            reason=data["reason"],
            letter_reason=data["letter_reason"],
            remedy_deadline=data["remedy_deadline"] or initial["remedy_deadline"],
            decided_by=request.user,
            decided_on=selectors.today(),
        )
        return _letter_preview(request, escalation=draft, kind="decision")
    return _form_page(
        request,
        form=form,
        title=_("Escalate on the sanctions ladder"),
        action=action,
        save=lambda f: services.escalation_propose(action=action, actor=request.user, **f.cleaned_data),
        success_url=detail_url(action),
        template="followup/actions/escalate_form.html",
        overdue=action.is_overdue(selectors.today()),
        escalations=selectors.action_escalations(action),
    )


@staff_required
def escalation_queue(request):
    """Escalations awaiting a manager's approval. Officers see the list; managers decide."""
    buyer = get_user_buyer(request)
    mine = request.GET.get("mine") == "1"
    escalations = selectors.escalation_queue(buyer)
    if mine:
        escalations = escalations.filter(supplier__in=my_suppliers(buyer, request.user))
    return render(
        request,
        "followup/actions/escalation_queue.html",
        {"escalations": escalations, "is_manager": is_manager(request.user), "mine": mine},
    )


@staff_required
def escalation_detail(request, public_id):
    from followup.letters.selectors import escalation_letters

    escalation = get_escalation_for_user(request, public_id)
    return render(
        request,
        "followup/actions/escalation_detail.html",
        {
            "escalation": escalation,
            "action": escalation.action,
            "is_manager": is_manager(request.user),
            "can_lift": escalation.status == Escalation.Status.IN_FORCE
            and escalation.action.status == CorrectiveAction.Status.VERIFIED_CLOSED,
            "letters": escalation_letters(escalation),
            "history": history_entries(escalation),
        },
    )


@staff_required
def escalation_letter_preview(request, public_id):
    """The letter of a proposed rung as it will go out once a manager approves it (or of
    a rung in force, as it went out), for the officer and the manager."""
    escalation = get_escalation_for_user(request, public_id)
    if escalation.status == Escalation.Status.REJECTED:
        raise Http404("A rejected proposal sends no letter.")
    return _letter_preview(request, escalation=escalation, kind="decision")


@manager_required
def escalation_decide(request, public_id):
    """A manager approves (in force) or rejects a proposed suspension, replacement
    purchase or termination, with a note."""
    escalation = get_escalation_for_manager(request, public_id)
    approve = request.POST.get("decision") == "approve"
    remedy = escalation.remedy_deadline
    if remedy is None or remedy < selectors.today():
        remedy = services.default_deadline(buyer=escalation.buyer, severity=escalation.action.severity)
    form = DecideForm(
        request.POST or None, initial={"letter_reason": escalation.reason_for_letter, "remedy_deadline": remedy}
    )
    form.fields["note"].required = "preview" not in request.POST
    if _wants_preview(request, form):
        return _letter_preview(
            request,
            escalation=escalation,
            kind="decision",
            reason=form.cleaned_data["letter_reason"],
            remedy_deadline=form.cleaned_data["remedy_deadline"] or remedy,
            approved_by=request.user,
        )

    def save(form):
        data = form.cleaned_data
        if not approve:
            return services.escalation_reject(escalation=escalation, actor=request.user, note=data["note"])
        return services.escalation_approve(
            escalation=escalation,
            actor=request.user,
            note=data["note"],
            letter_reason=data["letter_reason"],
            remedy_deadline=data["remedy_deadline"],
        )

    return edit_view(
        request,
        form=form,
        template="followup/actions/escalation_decide.html",
        context={
            "escalation": escalation,
            "action": escalation.action,
            "cancel_url": reverse("actions:escalation_queue"),
        },
        save=save,
        success_url=escalation_url,
    )


@staff_write_required
def escalation_lift(request, public_id):
    escalation = get_escalation_for_user(request, public_id, write=True)
    form = LiftForm(request.POST or None)
    if _wants_preview(request, form):
        return _letter_preview(request, escalation=escalation, kind="lifting", reason=form.cleaned_data["reason"])
    return edit_view(
        request,
        form=form,
        template="followup/actions/lift_form.html",
        context={
            "title": _("Lift: %(rung)s") % {"rung": escalation.get_rung_display()},
            "action": escalation.action,
            "cancel_url": escalation_url(escalation),
        },
        save=lambda f: services.escalation_lift(
            escalation=escalation, actor=request.user, reason=f.cleaned_data["reason"]
        ),
        success_url=escalation_url,
    )
