"""Writes of desktop research. Each runs in one transaction, checks the current status of
what it changes (locking the row), saves through save_record so the actor lands in the
record's history, and recomputes the risk of every supplier the finding concerns.

Status of a finding (Finding.Status):

    new --raise with a supplier--> raised --> remedying --> closed
                                     |          |  ^          |
                                     v          v  |          | reopen (a reason is required)
                                  disputed -----+  +----------+
                                     |
                                     +--> closed

A finding leaves "new" only by being raised with a supplier (finding_raise); only then
does that supplier see it in the portal, and only its ``supplier_summary``. A finding
recorded by mistake is archived, not closed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oslo_procurement.core import save_record, set_archived
from suppliers.models import Supplier

from ..models import Finding, FindingSupplier
from ..risk.services import risk_recompute

S = Finding.Status

TRANSITIONS = {
    S.NEW: set(),
    S.RAISED: {S.REMEDYING, S.DISPUTED},
    S.REMEDYING: {S.CLOSED, S.DISPUTED},
    S.DISPUTED: {S.REMEDYING, S.CLOSED},
    S.CLOSED: {S.REMEDYING},
}


def allowed_transitions(finding: Finding) -> list[str]:
    """The statuses an officer may move the finding to from where it is now."""
    if finding.is_archived:
        return []
    return [value for value in S.values if value in TRANSITIONS[finding.status]]


def _recompute(finding: Finding, supplier_ids) -> None:
    for supplier in Supplier.objects.filter(pk__in=set(supplier_ids)).order_by("pk"):
        risk_recompute(buyer=finding.buyer, supplier=supplier)


def _linked_supplier_ids(finding: Finding) -> set:
    return set(FindingSupplier.objects.filter(finding=finding).values_list("supplier_id", flat=True))


def _lock(finding: Finding) -> Finding:
    locked = Finding.objects.select_for_update().select_related("buyer").get(pk=finding.pk)
    if locked.is_archived:
        raise ValidationError(_("This finding is archived. Restore it first."), code="archived")
    return locked


def _check_scope(finding, suppliers, sites, lots):
    errors = {}
    if not suppliers:
        errors["suppliers"] = _("Choose at least one supplier the finding concerns.")
    supplier_ids = {s.pk for s in suppliers}
    stray_sites = [site for site in sites if site.supplier_id not in supplier_ids]
    if stray_sites:
        errors["sites"] = _("These sites belong to a supplier not chosen: %(sites)s") % {
            "sites": ", ".join(site.name for site in stray_sites)
        }
    stray_lots = [lot for lot in lots if lot.agreement.buyer_id != finding.buyer_id]
    if stray_lots:
        errors["lots"] = _("Choose lots of your own agreements only.")
    if errors:
        raise ValidationError(errors)


def finding_save(*, finding: Finding, actor, suppliers, sites=(), lots=(), ilo_instruments=()) -> Finding:
    """Create or edit a finding with the suppliers, sites, lots and ILO instruments it
    concerns. A new finding starts as "new". A supplier the finding has been raised with
    cannot be taken off it (the supplier has seen it)."""
    suppliers, sites, lots, ilo_instruments = list(suppliers), list(sites), list(lots), list(ilo_instruments)
    _check_scope(finding, suppliers, sites, lots)
    with transaction.atomic():
        before = set()
        if finding.pk:
            locked = _lock(finding)
            finding.status = locked.status  # the status changes only through finding_transition
            links = {link.supplier_id: link for link in FindingSupplier.objects.filter(finding=finding)}
            before = set(links)
            removed = [link for supplier_id, link in links.items() if supplier_id not in {s.pk for s in suppliers}]
            raised = [link for link in removed if link.raised_at is not None]
            if raised:
                raise ValidationError(
                    {
                        "suppliers": _("The finding has been raised with %(names)s and stays linked to them.")
                        % {"names": ", ".join(str(link.supplier) for link in raised)}
                    },
                    code="raised_supplier_removed",
                )
        else:
            finding.status = S.NEW
            finding.recorded_by = actor
            links, removed = {}, []
        save_record(finding, actor=actor, m2m={"ilo_instruments": ilo_instruments, "sites": sites, "lots": lots})
        for link in removed:
            link._history_user = actor
            link.delete()
        for supplier in suppliers:
            if supplier.pk not in links:
                save_record(FindingSupplier(finding=finding, supplier=supplier), actor=actor)
        _recompute(finding, before | {s.pk for s in suppliers})
    return finding


def finding_transition(*, finding: Finding, status: str, actor, reason: str = "") -> Finding:
    """Move the finding to ``status`` if TRANSITIONS allows it from its current status.
    Reopening a closed finding needs a reason; the reason is kept in the history."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(finding)
        current = locked.status
        if status == current:
            raise ValidationError(_("The finding already has this status."), code="unchanged")
        if status == S.RAISED:
            raise ValidationError(
                _("A finding becomes raised when you raise it with a supplier."), code="raise_with_supplier"
            )
        if status == S.DISPUTED and current not in (S.RAISED, S.REMEDYING):
            raise ValidationError(
                _("Only a finding raised with the supplier or being remedied can be disputed."), code="not_disputable"
            )
        if status not in TRANSITIONS.get(current, set()):
            raise ValidationError(
                _("A finding cannot go from “%(from)s” to “%(to)s”.")
                % {"from": S(current).label, "to": S(status).label if status in S.values else status},
                code="not_allowed",
            )
        if current == S.CLOSED and not reason:
            raise ValidationError({"reason": _("Give the reason for reopening the finding.")}, code="reason_required")
        locked.status = status
        locked._change_reason = reason[:100] if reason else ""
        save_record(locked, actor=actor)
        finding.status = locked.status
        _recompute(locked, _linked_supplier_ids(locked))
    return finding


def finding_raise(*, finding: Finding, supplier: Supplier, actor) -> bool:
    """Raise the finding with one supplier it concerns: from now on that supplier sees it
    (title, issue type, country, severity, source and the text for the supplier) in the
    portal. A new finding becomes "raised". Returns False if it already was raised with
    this supplier."""
    with transaction.atomic():
        locked = _lock(finding)
        if locked.status == S.CLOSED:
            raise ValidationError(_("A closed finding cannot be raised. Reopen it first."), code="closed")
        link = FindingSupplier.objects.select_for_update().filter(finding=locked, supplier=supplier).first()
        if link is None:
            raise ValidationError(_("The finding does not concern this supplier."), code="not_concerned")
        if link.raised_at is not None:
            return False
        if not locked.supplier_summary.strip():
            raise ValidationError(
                _("Write the text for the supplier before you raise the finding: it is all the supplier sees."),
                code="no_supplier_text",
            )
        link.raised_at = timezone.now()
        link.raised_by = actor
        save_record(link, actor=actor)
        if locked.status == S.NEW:
            locked.status = S.RAISED
            locked._change_reason = _("Raised with %(supplier)s") % {"supplier": supplier}
            save_record(locked, actor=actor)
        finding.status = locked.status
        risk_recompute(buyer=locked.buyer, supplier=supplier)
    return True


def finding_respond(*, link: FindingSupplier, text: str, actor) -> bool:
    """The supplier's response to a finding raised with it. Each version is kept in the
    link's history. Returns False when the text is unchanged."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"supplier_response": _("Write your response.")}, code="empty")
    with transaction.atomic():
        locked = FindingSupplier.objects.select_for_update().select_related("finding__buyer").get(pk=link.pk)
        if locked.raised_at is None or locked.finding.is_archived:
            raise ValidationError(_("This finding is not open to responses."), code="not_raised")
        if locked.finding.status == S.CLOSED:
            raise ValidationError(_("This finding is closed and takes no more responses."), code="closed")
        if locked.supplier_response == text:
            return False
        locked.supplier_response = text
        save_record(locked, actor=actor)
        link.supplier_response = text
        risk_recompute(buyer=locked.finding.buyer, supplier=locked.supplier)
    return True


def finding_set_archived(*, finding: Finding, actor, archived: bool) -> Finding:
    """Archive a finding recorded by mistake (or restore it); archived findings do not
    count in the risk figure and disappear from the portal."""
    with transaction.atomic():
        set_archived(finding, actor=actor, archived=archived)
        _recompute(finding, _linked_supplier_ids(finding))
    return finding
