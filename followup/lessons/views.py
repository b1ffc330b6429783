"""Officer and manager screens for lessons learned (URLs under /lessons/): the lessons,
the suggestions computed from the buyer's data (followup.lessons.suggestions), and the
forms. Officers write, managers read. Every lesson is fetched through
followup.lessons.access; every change goes through followup.lessons.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from contracts.access import get_user_buyer
from followup.models import SuggestionDismissal
from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import archive_views, edit_view, paginate

from . import selectors, services
from . import suggestions as rules
from .access import get_lesson_for_user
from .forms import LessonFilterForm, LessonForm


@staff_required
def lesson_list(request):
    """The lessons, and beside them what the data suggests."""
    buyer = get_user_buyer(request)
    form = LessonFilterForm(request.GET or None)
    page = paginate(request, selectors.lesson_list(buyer=buyer, **form.filters()))
    return render(
        request,
        "followup/lessons/lesson_list.html",
        {
            "filter_form": form,
            "page": page,
            "suggestions": rules.open_suggestions(buyer),
            "dismissed": SuggestionDismissal.objects.filter(buyer=buyer, restored_at__isnull=True)
            .select_related("dismissed_by")
            .order_by("-dismissed_at", "-pk")[:50],
        },
    )


def _key(request):
    return (request.POST.get("key") or "").strip()[:120]


@staff_write_required
def suggestion_adopt(request):
    """One click: the suggestion becomes a draft lesson, with its figures and evidence."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    buyer = get_user_buyer(request)
    try:
        lesson = services.lesson_from_suggestion(buyer=buyer, actor=request.user, key=_key(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("lessons:list")
    messages.success(request, _("A draft lesson is made from the suggestion. Check it and agree on it."))
    return redirect(lesson)


@staff_write_required
def suggestion_dismiss(request):
    """Dismiss a suggestion with the reason the officer gives."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    buyer = get_user_buyer(request)
    try:
        services.suggestion_dismiss(
            buyer=buyer, actor=request.user, key=_key(request), reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The suggestion is dismissed. You can undo it below the suggestions."))
    return redirect(reverse("lessons:list") + "#suggestions")


@staff_write_required
def suggestion_restore(request):
    """Undo a dismissal: the suggestion comes back when its figures still hold."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    buyer = get_user_buyer(request)
    dismissal = get_object_or_404(SuggestionDismissal, buyer=buyer, key=_key(request))
    services.suggestion_restore(dismissal=dismissal, actor=request.user)
    messages.success(request, _("The dismissal is undone."))
    return redirect(reverse("lessons:list") + "#suggestions")


@staff_write_required
def lesson_create(request):
    buyer = get_user_buyer(request)
    form = LessonForm(request.POST or None, buyer=buyer)
    return edit_view(
        request,
        form=form,
        template="followup/lessons/form.html",
        context={"title": _("Record a lesson learned"), "cancel_url": reverse("lessons:list")},
        save=lambda f: services.lesson_create(
            buyer=buyer,
            actor=request.user,
            evidence=f.evidence(),
            **{name: f.cleaned_data[name] for name in services.FIELDS},
        ),
        success_url=lambda lesson: lesson.get_absolute_url(),
    )


@staff_required
def lesson_detail(request, public_id):
    lesson = get_lesson_for_user(request, public_id)
    return render(
        request,
        "followup/lessons/lesson_detail.html",
        {"lesson": lesson, **selectors.lesson_evidence(lesson), "history": history_entries(lesson)},
    )


@staff_write_required
def lesson_edit(request, public_id):
    lesson = get_lesson_for_user(request, public_id, write=True)
    form = LessonForm(request.POST or None, instance=lesson, buyer=lesson.buyer)
    return edit_view(
        request,
        form=form,
        template="followup/lessons/form.html",
        context={"title": _("Change the lesson"), "lesson": lesson, "cancel_url": lesson.get_absolute_url()},
        save=lambda f: services.lesson_save(lesson=f.instance, actor=request.user, evidence=f.evidence()),
        success_url=lesson.get_absolute_url(),
    )


def _status_change(run, success):
    @staff_write_required
    def view(request, public_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        lesson = get_lesson_for_user(request, public_id, write=True)
        try:
            run(lesson, request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
        return redirect(lesson)

    return view


lesson_agree = _status_change(
    lambda lesson, actor: services.lesson_agree(lesson=lesson, actor=actor), _("The lesson is agreed.")
)
lesson_reopen = _status_change(
    lambda lesson, actor: services.lesson_reopen(lesson=lesson, actor=actor), _("The lesson is a draft again.")
)
lesson_archive, lesson_restore = archive_views(
    get=get_lesson_for_user,
    apply=lambda obj, actor, archived: services.lesson_set_archived(lesson=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)
