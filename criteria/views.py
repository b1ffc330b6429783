"""Officer and manager screens for the criteria catalogue (URLs under /criteria/). Every
criterion and version is fetched through criteria.access, which decides whose catalogue
the user may read and change."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.accounts.access import staff_required, staff_write_required
from oslo_procurement.audit.history import history_entries
from oslo_procurement.core import archive_views, edit_view, paginate

from . import selectors, services
from .access import (
    can_adopt,
    can_change,
    creates_national,
    get_criterion_for_user,
    get_version_for_user,
    user_owner_id,
)
from .forms import CriterionCreateForm, CriterionFilterForm, CriterionForm, CriterionVersionForm, VersionRetireForm
from .models import CriterionVersion


@staff_required
def criterion_list(request):
    form = CriterionFilterForm(request.GET or None)
    owner_id = user_owner_id(request)
    page = paginate(request, selectors.criterion_list(owner_id=owner_id, **form.filters()))
    return render(request, "criteria/criterion_list.html", {"filter_form": form, "page": page, "owner_id": owner_id})


@staff_required
def criterion_detail(request, public_id):
    criterion = get_criterion_for_user(request, public_id)
    owner_id = user_owner_id(request)
    return render(
        request,
        "criteria/criterion_detail.html",
        {
            "criterion": criterion,
            **selectors.criterion_detail(criterion, user=request.user, owner_id=owner_id),
            "may_change": can_change(request.user, owner_id, criterion),
            "may_adopt": can_adopt(request.user, owner_id),
            "history": history_entries(criterion),
        },
    )


@staff_write_required
def criterion_create(request):
    """A new criterion in the user's buyer's catalogue (an installation administrator who
    works for no buyer: in the national catalogue)."""
    owner_id = user_owner_id(request)
    national = creates_national(request.user, owner_id)
    if owner_id is None and not national:
        messages.error(request, _("You work for no buyer, so you have no catalogue to add criteria to."))
        return redirect("criteria:list")
    form = CriterionCreateForm(
        request.POST or None,
        initial={"effective_from": timezone.localdate()},
        instance=CriterionVersion(),
        owner_id=owner_id,
        national=national,
    )
    return edit_view(
        request,
        form=form,
        template="criteria/criterion_form.html",
        context={"cancel_url": reverse("criteria:list"), "national": national},
        save=lambda f: services.criterion_create(
            criterion=f.build_criterion(),
            first_version=f.instance,
            actor=request.user,
            ilo_instruments=f.cleaned_data["ilo_instruments"],
        ),
        success_url=lambda c: c.get_absolute_url(),
    )


@staff_write_required
def criterion_edit(request, public_id):
    criterion = get_criterion_for_user(request, public_id, write=True)
    form = CriterionForm(request.POST or None, instance=criterion)
    return edit_view(
        request,
        form=form,
        template="criteria/criterion_form.html",
        context={"criterion": criterion, "cancel_url": criterion.get_absolute_url()},
        save=lambda f: services.criterion_save(criterion=f.instance, actor=request.user),
        success_url=criterion.get_absolute_url(),
    )


criterion_archive, criterion_restore = archive_views(
    get=get_criterion_for_user,
    apply=lambda obj, actor, archived: services.criterion_set_archived(criterion=obj, actor=actor, archived=archived),
    success_url=lambda obj: obj.get_absolute_url(),
)


@staff_write_required
def version_create(request, public_id):
    """GET asks for confirmation; POST starts a draft from the latest version."""
    criterion = get_criterion_for_user(request, public_id, write=True)
    if request.method == "POST":
        try:
            draft = services.version_create_draft(criterion=criterion, actor=request.user)
        except ValidationError as exc:
            _error_messages(request, exc)
            return redirect(criterion)
        messages.success(request, _("Draft version %(number)s started.") % {"number": draft.version})
        return redirect("criteria:version_edit", draft.public_id)
    latest = criterion.versions.order_by("-version").first()
    return render(request, "criteria/version_confirm.html", {"criterion": criterion, "latest": latest})


@staff_write_required
def version_adopt(request, public_id):
    """POST: copy a national version into the user's buyer's catalogue, as a draft."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = get_version_for_user(request, public_id)
    owner_id = user_owner_id(request)
    try:
        draft = services.version_adopt(version=version, owner_id=owner_id, actor=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect(version)
    messages.success(
        request,
        _("%(version)s is adopted into your catalogue as a draft. Check its dates, then activate it.")
        % {"version": version},
    )
    return redirect(draft)


@staff_required
def version_detail(request, public_id):
    version = get_version_for_user(request, public_id)
    owner_id = user_owner_id(request)
    return render(
        request,
        "criteria/version_detail.html",
        {
            "version": version,
            "criterion": version.criterion,
            "may_change": can_change(request.user, owner_id, version.criterion),
            "may_adopt": can_adopt(request.user, owner_id) and version.criterion.owner_id is None,
            "instruments": selectors.version_instruments(version),
            "retire_form": VersionRetireForm(),
            "history": history_entries(version),
        },
    )


@staff_write_required
def version_edit(request, public_id):
    version = get_version_for_user(request, public_id, write=True)
    if version.status != CriterionVersion.Status.DRAFT:
        messages.warning(
            request,
            _("Only a draft can be edited. Start a new version to change the wording of %(version)s.")
            % {"version": version},
        )
        return redirect(version)
    form = CriterionVersionForm(request.POST or None, instance=version, owner_id=version.criterion.owner_id)
    return edit_view(
        request,
        form=form,
        template="criteria/version_form.html",
        context={
            "version": version,
            "criterion": version.criterion,
            "cancel_url": version.get_absolute_url(),
            "history": history_entries(version),
        },
        save=lambda f: services.version_save(
            version=f.instance, actor=request.user, ilo_instruments=f.cleaned_data["ilo_instruments"]
        ),
        success_url=version.get_absolute_url(),
    )


@staff_write_required
def version_activate(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = get_version_for_user(request, public_id, write=True)
    if _apply(request, lambda: services.version_activate(version=version, actor=request.user)):
        messages.success(request, _("Version %(number)s is now active.") % {"number": version.version})
    return redirect(version)


@staff_write_required
def version_retire(request, public_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = get_version_for_user(request, public_id, write=True)
    form = VersionRetireForm(request.POST)
    if not form.is_valid():
        for message in form.errors["effective_to"]:
            messages.error(request, message)
        return redirect(version)
    end = form.cleaned_data["effective_to"]
    if _apply(request, lambda: services.version_retire(version=version, actor=request.user, effective_to=end)):
        messages.success(request, _("Version %(number)s is retired.") % {"number": version.version})
    return redirect(version)


def _apply(request, action):
    """Run a status change; report a refused one as an error message. True when it ran."""
    try:
        action()
    except ValidationError as exc:
        _error_messages(request, exc)
        return False
    except IntegrityError:
        messages.error(request, _("This conflicts with another version of the criterion. Nothing was changed."))
        return False
    return True


def _error_messages(request, exc):
    for message in exc.messages:
        messages.error(request, message)
