"""Officer and manager screens for the self-assessment follow-up (URLs under /followup/):
the questionnaire builder, reporting rounds with their progress, and the review of one
supplier's self-assessment. Every object is fetched through followup.access, scoped to
the user's buyer; every change goes through followup.services."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.access import get_agreement_for_user, get_user_buyer
from contracts.models import FrameworkAgreement
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import edit_view, paginate

from . import plausibility, selectors, services
from .access import (
    can_change_questionnaire,
    get_assessment_for_user,
    get_question_for_user,
    get_questionnaire_for_user,
    get_round_for_user,
)
from .forms import (
    AcceptForm,
    AddSupplierForm,
    AnswerReviewForm,
    CriterionPickForm,
    NoteForm,
    ProgressFilterForm,
    QuestionForm,
    QuestionnaireForm,
    RoundFilterForm,
    RoundForm,
    RoundTextsForm,
    question_initial,
)
from .letters.services import supplier_language
from .models import Answer, Assessment, Question, Questionnaire, ReportingRound
from .reports.figures import SubmissionRate
from .scoring import score_assessment
from .sharing import selectors as sharing_selectors
from .templatetags.answer_blocks import ReviewPage


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _form_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _error_messages(request, exc):
    for message in exc.messages:
        messages.error(request, message)


# --- Questionnaires ------------------------------------------------------------------------------


@staff_required
def questionnaire_list(request):
    buyer = get_user_buyer(request)
    page = paginate(request, selectors.questionnaire_list(buyer=buyer, user=request.user))
    return render(request, "followup/questionnaire_list.html", {"page": page})


@staff_required
def questionnaire_detail(request, public_id):
    questionnaire = get_questionnaire_for_user(request, public_id)
    questions = selectors.questionnaire_questions(questionnaire)
    groups = selectors.group_by_step(questions)
    for group in groups:
        for index, question in enumerate(group["items"]):
            question.first_in_step = index == 0
            question.last_in_step = index == len(group["items"]) - 1
            question.rules_text = plausibility.describe(question)
    return render(
        request,
        "followup/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "groups": groups,
            "question_count": len(questions),
            "is_draft": questionnaire.status == Questionnaire.Status.DRAFT,
            # Another buyer's shared questionnaire: read only (followup.access).
            "foreign": questionnaire.buyer_id not in (get_user_buyer(request).pk, None),
            "national": questionnaire.buyer_id is None,
            "may_change": can_change_questionnaire(request.user, get_user_buyer(request), questionnaire),
            "history": history_entries(questionnaire),
        },
    )


@staff_write_required
def questionnaire_create(request):
    buyer = get_user_buyer(request)
    form = QuestionnaireForm(request.POST or None, instance=Questionnaire(buyer=buyer))
    return edit_view(
        request,
        form=form,
        template="followup/questionnaire_form.html",
        context={"title": _("New questionnaire"), "cancel_url": reverse("followup:questionnaire_list")},
        save=lambda f: services.questionnaire_save(questionnaire=f.instance, actor=request.user),
        success_url=lambda q: q.get_absolute_url(),
    )


def _draft_or_redirect(request, questionnaire):
    if questionnaire.status != Questionnaire.Status.DRAFT:
        messages.warning(request, _("This questionnaire is published and can no longer be changed."))
        return redirect(questionnaire)
    return None


@staff_write_required
def questionnaire_edit(request, public_id):
    questionnaire = get_questionnaire_for_user(request, public_id, write=True)
    refused = _draft_or_redirect(request, questionnaire)
    if refused:
        return refused
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    return edit_view(
        request,
        form=form,
        template="followup/questionnaire_form.html",
        context={
            "questionnaire": questionnaire,
            "title": questionnaire.title,
            "cancel_url": questionnaire.get_absolute_url(),
        },
        save=lambda f: services.questionnaire_save(questionnaire=f.instance, actor=request.user),
        success_url=questionnaire.get_absolute_url(),
    )


@staff_write_required
def questionnaire_publish(request, public_id):
    if refused := _post_only(request):
        return refused
    questionnaire = get_questionnaire_for_user(request, public_id, write=True)
    try:
        if services.questionnaire_publish(questionnaire=questionnaire, actor=request.user):
            messages.success(request, _("Published. The questionnaire can now be sent out in a reporting round."))
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect(questionnaire)


@staff_write_required
def questionnaire_share(request, public_id):
    """POST ``shared=1`` or ``shared=0``: let other buyers' staff read this published
    questionnaire, or stop it. Only the owner's officers and administrators."""
    if refused := _post_only(request):
        return refused
    questionnaire = get_questionnaire_for_user(request, public_id, write=True)
    shared = request.POST.get("shared") == "1"
    try:
        services.questionnaire_set_shared(questionnaire=questionnaire, actor=request.user, shared=shared)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request,
            _("Other buyers can now read this questionnaire.")
            if shared
            else _("Other buyers can no longer read this questionnaire."),
        )
    return redirect(questionnaire)


@staff_write_required
def question_create(request, public_id):
    """Add a question. Choosing a criterion first (a GET form) fills in its texts."""
    questionnaire = get_questionnaire_for_user(request, public_id, write=True)
    refused = _draft_or_redirect(request, questionnaire)
    if refused:
        return refused
    pick = CriterionPickForm(request.GET or None, buyer_id=questionnaire.buyer_id)
    initial = question_initial(pick.cleaned_data["criterion_version"]) if pick.is_valid() else {}
    form = QuestionForm(request.POST or None, instance=Question(questionnaire=questionnaire), initial=initial)
    return edit_view(
        request,
        form=form,
        template="followup/question_form.html",
        context={
            "questionnaire": questionnaire,
            "pick_form": pick,
            "title": _("New question"),
            "cancel_url": questionnaire.get_absolute_url(),
        },
        save=lambda f: services.question_save(question=f.instance, actor=request.user),
        success_url=questionnaire.get_absolute_url() + "#questions",
    )


@staff_write_required
def question_edit(request, public_id):
    question = get_question_for_user(request, public_id, write=True)
    questionnaire = question.questionnaire
    refused = _draft_or_redirect(request, questionnaire)
    if refused:
        return refused
    form = QuestionForm(request.POST or None, instance=question)
    return edit_view(
        request,
        form=form,
        template="followup/question_form.html",
        context={
            "questionnaire": questionnaire,
            "question": question,
            "title": _("Edit question %(order)s") % {"order": question.order},
            "cancel_url": questionnaire.get_absolute_url(),
            "history": history_entries(question),
        },
        save=lambda f: services.question_save(question=f.instance, actor=request.user),
        success_url=questionnaire.get_absolute_url() + "#questions",
    )


@staff_write_required
def question_move(request, public_id):
    if refused := _post_only(request):
        return refused
    question = get_question_for_user(request, public_id, write=True)
    try:
        services.question_move(question=question, direction=request.POST.get("direction", ""), actor=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect(question.questionnaire.get_absolute_url() + f"#question-{question.public_id}")


@staff_write_required
def question_remove(request, public_id):
    if refused := _post_only(request):
        return refused
    question = get_question_for_user(request, public_id, write=True)
    try:
        services.question_remove(question=question, actor=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("The question was removed."))
    return redirect(question.questionnaire.get_absolute_url() + "#questions")


# --- Rounds ----------------------------------------------------------------------------------


@staff_required
def round_list(request):
    buyer = get_user_buyer(request)
    form = RoundFilterForm(request.GET or None)
    page = paginate(request, selectors.round_list(buyer=buyer, **form.filters()))
    for round_ in page:
        round_.submission_rate = SubmissionRate(submitted=round_.submitted_count, invited=round_.assessment_count)
    agreements = FrameworkAgreement.objects.active().filter(buyer=buyer).order_by("-start_date", "reference")
    return render(request, "followup/round_list.html", {"page": page, "filter_form": form, "agreements": agreements})


def _agreement_from_query(request):
    value = request.GET.get("agreement", "")
    if not value:
        return None
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        raise Http404("Not an agreement id.") from None
    return get_agreement_for_user(request, public_id, write=True)


@staff_write_required
def round_create(request):
    """Open a round for one of the buyer's agreements (``?agreement=<public id>``);
    without an agreement the page asks for one."""
    buyer = get_user_buyer(request)
    agreement = _agreement_from_query(request)
    if agreement is None:
        agreements = FrameworkAgreement.objects.active().filter(buyer=buyer).order_by("-start_date", "reference")
        return render(request, "followup/round_pick_agreement.html", {"agreements": agreements})
    questionnaires = selectors.published_questionnaires(buyer)
    suppliers = selectors.agreement_suppliers(agreement)
    shared_answers = sharing_selectors.shared_answers_for_round_form(buyer, suppliers, questionnaires)
    form = RoundForm(
        request.POST or None, questionnaires=questionnaires, suppliers=suppliers, shared_answers=shared_answers
    )
    warnings = []
    opened = {}

    def save(f):
        round_, more = services.round_open(agreement=agreement, actor=request.user, **f.cleaned_data)
        opened["round"] = round_
        warnings.extend(more)
        if round_.repeated:
            return round_
        if round_.missing_english:
            warnings.append(
                _("English text missing: %(fields)s. Suppliers who read English see the Bokmål text instead.")
                % {"fields": ", ".join(str(label) for label in round_.missing_english)}
            )
        return round_

    response = edit_view(
        request,
        form=form,
        template="followup/round_form.html",
        context={
            "agreement": agreement,
            "has_questionnaires": questionnaires.exists(),
            "has_suppliers": suppliers.exists(),
            "shared_answers": shared_answers,
            "title": _("Open a reporting round"),
            "cancel_url": reverse("followup:round_list"),
        },
        save=save,
        success_url=lambda r: r.get_absolute_url(),
    )
    if response.status_code == 302 and opened["round"].repeated:
        messages.info(request, _("This round was already opened (the form was sent twice); nothing more was sent."))
    elif response.status_code == 302:
        accepted = len(form.cleaned_data.get("accept_shared") or [])
        count = len(form.cleaned_data["suppliers"]) - accepted
        if count:
            messages.info(
                request,
                ngettext(
                    "The self-assessment was sent to %(count)d supplier.",
                    "The self-assessment was sent to %(count)d suppliers.",
                    count,
                )
                % {"count": count},
            )
        if accepted:
            messages.info(
                request,
                ngettext(
                    "The shared answer of %(count)d supplier was accepted instead of asking; it was told.",
                    "The shared answers of %(count)d suppliers were accepted instead of asking; they were told.",
                    accepted,
                )
                % {"count": accepted},
            )
    for warning in warnings:
        messages.warning(request, warning)
    return response


@staff_write_required
def round_texts_edit(request, public_id):
    """The round's title and introduction in Bokmål and English."""
    round_ = get_round_for_user(request, public_id, write=True)
    form = RoundTextsForm(request.POST or None, instance=round_)
    return edit_view(
        request,
        form=form,
        template="followup/round_texts_form.html",
        context={"round": round_, "title": _("Texts for the suppliers"), "cancel_url": round_.get_absolute_url()},
        save=lambda f: services.round_texts_save(round_=f.instance, actor=request.user),
        success_url=round_.get_absolute_url(),
    )


@staff_required
def round_detail(request, public_id):
    """The round's progress: one row per supplier."""
    round_ = get_round_for_user(request, public_id)
    filter_form = ProgressFilterForm(request.GET or None)
    progress = selectors.round_progress(round_, **filter_form.filters())
    # Answers the suppliers shared with the buyer that fit the round (issue 14): offered
    # instead of asking again while a supplier has not started; accepted ones are marked.
    offers = sharing_selectors.offered_answers(round_)
    accepted = sharing_selectors.round_acceptances(round_)
    for row in progress["rows"]:
        row.offer = offers.get(row.supplier_id) if row.status == Assessment.Status.NOT_STARTED else None
        row.acceptance = accepted.get(row.pk)
    addable = selectors.addable_suppliers(round_)
    add_form = AddSupplierForm(suppliers=addable) if round_.status == ReportingRound.Status.OPEN else None
    return render(
        request,
        "followup/round_detail.html",
        {
            "round": round_,
            "filter_form": filter_form,
            "rows": progress["rows"],
            "required_total": progress["required_total"],
            "status_counts": selectors.round_status_counts(round_),
            "add_form": add_form,
            "history": history_entries(round_),
        },
    )


@staff_write_required
def round_add_supplier(request, public_id):
    if refused := _post_only(request):
        return refused
    round_ = get_round_for_user(request, public_id, write=True)
    form = AddSupplierForm(request.POST, suppliers=selectors.addable_suppliers(round_))
    if not form.is_valid():
        messages.error(request, _("Choose one of the agreement's suppliers that is not in the round yet."))
        return redirect(round_)
    try:
        assessment, warnings = services.round_add_supplier(
            round_=round_, supplier=form.cleaned_data["supplier"], actor=request.user
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("%(supplier)s was added to the round.") % {"supplier": assessment.supplier})
        for warning in warnings:
            messages.warning(request, warning)
    return redirect(round_)


@staff_write_required
def round_close(request, public_id):
    if refused := _post_only(request):
        return refused
    round_ = get_round_for_user(request, public_id, write=True)
    if services.round_close(round_=round_, actor=request.user):
        messages.success(request, _("The round is closed. Suppliers can no longer change or submit answers."))
    return redirect(round_)


# --- Review of one self-assessment ---------------------------------------------------------------


def _review_context(request, assessment, **extra):
    items = selectors.assessment_items(assessment)
    card = score_assessment(items)
    can_review = request.user.can_edit and assessment.status == Assessment.Status.SUBMITTED
    rows = selectors.answer_rows(items)
    actions = selectors.answer_actions(assessment)
    for row, score in zip(rows, card.answers, strict=True):
        row["score"] = score
        row["action"] = actions.get(row["answer"].pk) if row["answer"] is not None else None
    has_clarification = any(a is not None and a.review == Answer.Review.CLARIFICATION for _q, a in items)
    return {
        "assessment": assessment,
        "round": assessment.round,
        "supplier": assessment.supplier,
        "groups": selectors.group_by_step(rows, key=lambda row: row["question"]),
        "card": card,
        "can_review": can_review,
        "can_return": can_review and has_clarification,
        "to_review": len(selectors.answers_to_review(items)),
        "accept_form": AcceptForm(),
        "note_form": NoteForm(initial={"internal_note": assessment.internal_note}),
        "days_late": selectors.days_late(assessment),
        "severities": Answer.Severity.choices,
        # The supplier writes its answers in its own language: marked with lang (WCAG 3.1.2).
        "answer_lang": supplier_language(assessment.supplier),
        # Accepted from an answer the supplier shared (issue 14): the copy names its source.
        "reused_from": sharing_selectors.acceptance_of(assessment),
        **extra,
    }


@staff_required
def assessment_review(request, public_id):
    assessment = get_assessment_for_user(request, public_id)
    context = _review_context(request, assessment, history=history_entries(assessment))
    return render(request, "followup/assessment_review.html", context)


@staff_write_required
def answer_review(request, public_id):
    """Accept one answer, ask for clarification, or record a non-compliance. With htmx
    the answer's block (and the score summary) is sent back; without, a redirect."""
    if refused := _post_only(request):
        return refused
    assessment = get_assessment_for_user(request, public_id, write=True)
    form = AnswerReviewForm(request.POST)
    question = None
    if form.is_valid():
        # Through the assessment the access helper scoped to the user's buyer.
        question = get_object_or_404(assessment.round.questionnaire.questions, public_id=form.cleaned_data["question"])
        try:
            services.answer_review(
                assessment=assessment,
                question=question,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                severity=form.cleaned_data["severity"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
    elif "question" not in form.errors:
        question = assessment.round.questionnaire.questions.filter(public_id=form.cleaned_data["question"]).first()
    if request.htmx and question is not None:
        context = _review_context(request, assessment)
        row = next(row for group in context["groups"] for row in group["items"] if row["question"].pk == question.pk)
        row["form"] = form if form.errors else None
        page = ReviewPage(
            assessment=assessment,
            user=request.user,
            can_review=context["can_review"],
            answer_lang=context["answer_lang"],
            severities=context["severities"],
            csrf_token=get_token(request),
        )
        html = page.block(row, saved=not form.errors) + "\n"
        html += render_to_string("followup/_review_summary.html", {**context, "oob": True}, request=request)
        return HttpResponse(html)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("Review saved."))
    anchor = f"#answer-{question.public_id}" if question is not None else ""
    return redirect(reverse("followup:assessment_review", args=[assessment.public_id]) + anchor)


@staff_write_required
def assessment_return(request, public_id):
    if refused := _post_only(request):
        return refused
    assessment = get_assessment_for_user(request, public_id, write=True)
    try:
        if services.assessment_return(assessment=assessment, actor=request.user):
            messages.success(request, _("Returned to the supplier for clarification. Its portal users were emailed."))
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect("followup:assessment_review", assessment.public_id)


@staff_write_required
def assessment_accept(request, public_id):
    if refused := _post_only(request):
        return refused
    assessment = get_assessment_for_user(request, public_id, write=True)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            if services.assessment_accept(
                assessment=assessment,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["verdict_comment"],
                actor=request.user,
            ):
                messages.success(request, _("The self-assessment is accepted."))
            return redirect("followup:assessment_review", assessment.public_id)
        except ValidationError as exc:
            _form_errors(form, exc)
    context = _review_context(request, assessment, history=history_entries(assessment))
    context["accept_form"] = form
    return render(request, "followup/assessment_review.html", context, status=400)


@staff_write_required
def assessment_note(request, public_id):
    if refused := _post_only(request):
        return refused
    assessment = get_assessment_for_user(request, public_id, write=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.assessment_note_save(
            assessment=assessment, note=form.cleaned_data["internal_note"], actor=request.user
        )
        messages.success(request, _("Internal note saved."))
    return redirect(reverse("followup:assessment_review", args=[assessment.public_id]) + "#internal-note")
