"""Answer once, share with many (issue 14).

A supplier user shares items with buyers of the installation and withdraws them again;
each share and withdrawal is a row with its history and an audit event. A buyer may accept
a self-assessment shared with it in its own reporting round instead of asking again.

Why a copy: the round's self-assessment must stay the buyer's own record. It belongs to the
round (one per supplier and round), is reviewed by the buyer's officers with their own
verdict (the first buyer's verdict and notes are never shown), and must not change when the
supplier later edits or withdraws the source. So accepting copies the answers (and the
evidence they cite) into the round's self-assessment, marks it submitted, and links it to
the share it came from (ShareAcceptance), which the review page and the supplier's portal
show. Withdrawing the share later does not undo the copy: the buyer keeps what it accepted,
as with any answer submitted to it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Buyer
from oslo_procurement.audit.services import record_event
from oslo_procurement.core import save_record
from suppliers.models import CmrtReport, Evidence
from suppliers.selectors import supplier_users

from .. import emails
from ..models import Answer, Assessment, Question, ShareAcceptance, SupplierShare
from . import selectors


def _item_for(supplier, kind, item):
    """Check that the item is the supplier's and shareable; return the share's item fields."""
    if kind == SupplierShare.Kind.ASSESSMENT:
        latest = selectors.latest_accepted_assessment(supplier)
        if latest is None or not isinstance(item, Assessment) or item.pk != latest.pk:
            raise ValidationError(_("Only your latest accepted self-assessment can be shared."))
        return {"assessment": item}
    if kind == SupplierShare.Kind.CMRT:
        current = selectors.current_cmrt(supplier)
        if current is None or not isinstance(item, CmrtReport) or item.pk != current.pk:
            raise ValidationError(_("Only your current CMRT can be shared."))
        return {"cmrt_report": item}
    if kind == SupplierShare.Kind.EVIDENCE:
        if not isinstance(item, Evidence) or not selectors.shareable_evidence(supplier).filter(pk=item.pk).exists():
            raise ValidationError(_("Choose evidence of your own company that is not archived."))
        return {"evidence": item}
    raise ValidationError(_("This cannot be shared."))


def share_create(*, supplier, buyer: Buyer, kind: str, item, actor, request=None) -> SupplierShare:
    """Share one item with one buyer. Refused when it is already shared with that buyer."""
    if buyer is None or buyer.archived_at is not None:
        raise ValidationError({"buyer": _("Choose a buyer.")})
    fields = _item_for(supplier, kind, item)
    share = SupplierShare(
        supplier=supplier, buyer=buyer, kind=kind, shared_at=timezone.now(), shared_by=actor, **fields
    )
    try:
        with transaction.atomic():
            if SupplierShare.objects.filter(buyer=buyer, kind=kind, withdrawn_at__isnull=True, **fields).exists():
                raise ValidationError(_("%(item)s is already shared with %(buyer)s.") % {"item": item, "buyer": buyer})
            share._history_user = actor
            share.save()
            record_event(
                actor=actor,
                event_type="supplier_share",
                target=share,
                request=request,
                details={"buyer": buyer.name, "kind": kind, "item": str(item)},
            )
    except IntegrityError:
        raise ValidationError(
            _("%(item)s is already shared with %(buyer)s.") % {"item": item, "buyer": buyer}
        ) from None
    return share


def share_withdraw(*, share: SupplierShare, actor, request=None) -> bool:
    """Withdraw a share: the buyer no longer sees the item. False if already withdrawn."""
    with transaction.atomic():
        locked = SupplierShare.objects.select_for_update().get(pk=share.pk)
        if locked.withdrawn_at is not None:
            return False
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked._history_user = actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        record_event(
            actor=actor,
            event_type="supplier_share_withdrawn",
            target=locked,
            request=request,
            details={"buyer": locked.buyer.name, "kind": locked.kind},
        )
    share.withdrawn_at, share.withdrawn_by = locked.withdrawn_at, locked.withdrawn_by
    return True


def _copy_answers(*, source: Assessment, target: Assessment):
    """Copy each answer of the source to the question of the target's questionnaire that
    asks the same (the same question, or the same criterion version)."""
    sources = list(Answer.objects.filter(assessment=source).select_related("question").prefetch_related("evidence"))
    by_question = {a.question_id: a for a in sources}
    by_version = {}
    for answer in sources:
        by_version.setdefault(answer.question.criterion_version_id, answer)
    for question in Question.objects.filter(questionnaire_id=target.round.questionnaire_id).order_by("order"):
        answer = by_question.get(question.pk) or by_version.get(question.criterion_version_id)
        if answer is None:
            continue
        copy = Answer.objects.create(
            assessment=target,
            question=question,
            choice=answer.choice,
            text=answer.text,
            number=answer.number,
            date=answer.date,
            explanation=answer.explanation,
            rule_explanation=answer.rule_explanation,
        )
        copy.evidence.set(answer.evidence.all())


def shared_answer_accept(*, assessment: Assessment, share: SupplierShare, actor, request=None) -> Assessment:
    """Accept a shared self-assessment as the supplier's answer in the round instead of
    asking again. The round's self-assessment must not be started yet; it becomes a copy
    of the shared one, submitted, ready for the buyer's own review. The supplier's portal
    users are told by email (the outbox, in this transaction)."""
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update()
            .select_related("round__agreement__buyer", "round__questionnaire", "supplier")
            .get(pk=assessment.pk)
        )
        share = (
            SupplierShare.objects.select_for_update(of=("self",)).select_related("assessment__round").get(pk=share.pk)
        )
        if share.withdrawn_at is not None or share.buyer_id != locked.round.agreement.buyer_id:
            raise ValidationError(_("This answer is no longer shared with you."))
        if share.supplier_id != locked.supplier_id or share.kind != SupplierShare.Kind.ASSESSMENT:
            raise ValidationError(_("This shared answer is another supplier's."))
        if locked.round.status != locked.round.Status.OPEN:
            raise ValidationError(_("This round is closed."))
        if locked.status != Assessment.Status.NOT_STARTED or locked.answers.exists():
            raise ValidationError(_("The supplier has already started answering this round."))
        if share.pk not in {s.pk for s in selectors.offered_answers(locked.round, [locked.supplier_id]).values()}:
            raise ValidationError(_("The shared answer does not answer this round's questionnaire."))
        _copy_answers(source=share.assessment, target=locked)
        locked.status = Assessment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked._change_reason = _("The answer the supplier shared was accepted instead of asking again")
        save_record(locked, actor=actor)
        acceptance = ShareAcceptance(share=share, assessment=locked, accepted_by=actor)
        acceptance._history_user = actor
        acceptance.save()
        record_event(
            actor=actor,
            event_type="shared_answer_accepted",
            target=locked,
            request=request,
            details={"share": str(share.public_id), "source_submitted": str(share.assessment.submitted_at)},
        )
        for user in supplier_users(locked.supplier_id):
            emails.send_shared_answer_accepted(assessment=locked, acceptance=acceptance, user=user)
    assessment.refresh_from_db()
    return assessment
