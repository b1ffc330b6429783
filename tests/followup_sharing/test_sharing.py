"""Issue 14: answer once, share with many. A supplier shares its accepted self-assessment,
CMRT and evidence with another buyer from the portal, sees who holds what and withdraws;
the other buyer reads what was shared (marked, dated, without the first buyer's review),
and accepts a shared answer in its own round instead of asking again."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import Answer, Assessment, ShareAcceptance, SupplierShare
from followup.sharing import services
from oslo_procurement.audit.models import AuditEvent
from oslo_procurement.notifications.models import Notification
from tests.conftest import client_for

from .worlds import answered_world


@pytest.fixture
def world(buyer, other_buyer, supplier_a):
    return answered_world(buyer, other_buyer, supplier_a)


def _share(client, buyer, *items):
    keys = [f"{kind}:{item.public_id}" for kind, item in items]
    return client.post(reverse("portal_sharing:home"), {"buyer": str(buyer.public_id), "items": keys})


def test_supplier_shares_sees_who_holds_what_and_withdraws(client, world, supplier_a_user, other_buyer, other_officer):
    supplier = client_for(client, supplier_a_user)
    page = supplier.get(reverse("portal_sharing:home")).content.decode()
    assert "Self-assessment 2026" in page and "Supplier code of conduct" in page and "CMRT" in page
    assert "You share nothing with other buyers." in page

    response = _share(
        supplier, other_buyer, ("assessment", world["source"]), ("evidence", world["evidence"]), ("cmrt", world["cmrt"])
    )
    assert response.status_code == 302
    page = supplier.get(reverse("portal_sharing:home")).content.decode()
    assert page.count("Bergen kommune") >= 3 and "Withdraw" in page
    assert SupplierShare.objects.filter(buyer=other_buyer, withdrawn_at__isnull=True).count() == 3
    assert AuditEvent.objects.filter(event_type="supplier_share").count() == 3

    # Buyer B's officer reads the shared self-assessment, marked as shared, without A's review.
    share = SupplierShare.objects.get(kind="assessment")
    officer = client_for(client.__class__(), other_officer)
    shared = officer.get(reverse("sharing:assessment", args=[share.public_id])).content.decode()
    assert "Shared with you" in shared and "We audit every factory yearly." in shared
    assert "SECRET" not in shared and "Partly meets" not in shared
    supplier_page = officer.get(world["source"].supplier.get_absolute_url()).content.decode()
    assert "Shared with your organisation by the supplier" in supplier_page

    # Withdrawing: gone from "who can see what", kept in the history; B reads it no more.
    supplier.post(reverse("portal_sharing:withdraw", args=[share.public_id]))
    page = supplier.get(reverse("portal_sharing:home")).content.decode()
    holders = page.split('data-testid="holders"')[1].split("</table>")[0]
    history = page.split('data-testid="share-history"')[1].split("</table>")[0]
    assert "Self-assessment 2026" not in holders and "Self-assessment 2026" in history
    assert supplier_a_user.full_name in history
    assert officer.get(reverse("sharing:assessment", args=[share.public_id])).status_code == 404
    share.refresh_from_db()
    assert share.withdrawn_by == supplier_a_user
    assert [row.history_type for row in share.history.order_by("history_date")] == ["+", "~"]


def test_sharing_twice_or_an_old_answer_is_refused(world, supplier_a, supplier_a_user, other_buyer):
    services.share_create(
        supplier=supplier_a, buyer=other_buyer, kind="evidence", item=world["evidence"], actor=supplier_a_user
    )
    with pytest.raises(ValidationError, match="already shared"):
        services.share_create(
            supplier=supplier_a, buyer=other_buyer, kind="evidence", item=world["evidence"], actor=supplier_a_user
        )
    with pytest.raises(ValidationError, match="latest accepted"):
        services.share_create(
            supplier=supplier_a, buyer=other_buyer, kind="assessment", item=world["target"], actor=supplier_a_user
        )


def test_a_supplier_cannot_share_or_withdraw_another_suppliers_items(
    client, world, supplier_b_user, supplier_a_user, other_buyer
):
    supplier_b = client_for(client, supplier_b_user)
    response = _share(supplier_b, other_buyer, ("evidence", world["evidence"]))
    assert response.status_code == 400 and not SupplierShare.objects.exists()
    share = services.share_create(
        supplier=world["source"].supplier,
        buyer=other_buyer,
        kind="evidence",
        item=world["evidence"],
        actor=supplier_a_user,
    )
    assert supplier_b.post(reverse("portal_sharing:withdraw", args=[share.public_id])).status_code == 404


def test_no_buyer_chosen_is_explained_and_nothing_saved(client, world, supplier_a_user):
    supplier = client_for(client, supplier_a_user)
    response = supplier.post(reverse("portal_sharing:home"), {"items": [f"evidence:{world['evidence'].public_id}"]})
    assert response.status_code == 400 and "Choose a buyer." in response.content.decode()
    assert not SupplierShare.objects.exists()


def test_buyer_accepts_a_shared_answer_in_its_round(
    client, world, supplier_a, supplier_a_user, other_buyer, other_officer, django_capture_on_commit_callbacks
):
    share = services.share_create(
        supplier=supplier_a, buyer=other_buyer, kind="assessment", item=world["source"], actor=supplier_a_user
    )
    officer = client_for(client, other_officer)
    create = officer.get(reverse("followup:round_create") + f"?agreement={world['round_b'].agreement.public_id}")
    assert "Answers the suppliers already shared with you" in create.content.decode()
    assert "answers the same questions as: Bergen&#x27;s" in create.content.decode()
    round_page = officer.get(world["round_b"].get_absolute_url()).content.decode()
    assert "A shared answer to the same questions exists" in round_page and "40 days old" in round_page

    response = officer.post(reverse("sharing:accept", args=[world["target"].public_id]))
    assert response.status_code == 302
    target = Assessment.objects.get(pk=world["target"].pk)
    assert target.status == Assessment.Status.SUBMITTED and target.verdict == ""
    copied = Answer.objects.get(assessment=target)
    assert copied.choice == "yes" and copied.review == "pending" and copied.review_note == ""
    assert list(copied.evidence.all()) == [world["evidence"]]
    assert ShareAcceptance.objects.get().share == share
    assert target.history.first().history_user == other_officer
    assert AuditEvent.objects.filter(event_type="shared_answer_accepted").exists()

    # The supplier is told by email (the outbox) and on its portal.
    email = Notification.objects.get(template="followup/email/shared_answer_accepted")
    assert email.recipient_email == supplier_a_user.email and "Bergen kommune" in email.subject
    supplier = client_for(client.__class__(), supplier_a_user)
    home = supplier.get(reverse("portal:home")).content.decode()
    assert "Your shared answer was accepted" in home and "Bergen 2026" in home
    round_page = officer.get(world["round_b"].get_absolute_url()).content.decode()
    assert "Accepted from the answer the supplier shared" in round_page
    review = officer.get(reverse("followup:assessment_review", args=[target.public_id])).content.decode()
    assert "Copied from the self-assessment the supplier shared with you" in review

    # Accepting again, or after the supplier started, is refused.
    again = officer.post(reverse("sharing:accept", args=[world["target"].public_id]), follow=True)
    assert "No shared answer fits" in again.content.decode() or "already started" in again.content.decode()


def test_a_withdrawn_or_unfitting_answer_is_not_offered(client, world, supplier_a, supplier_a_user, other_officer):
    from followup.sharing.selectors import offered_answers

    share = services.share_create(
        supplier=supplier_a,
        buyer=world["round_b"].agreement.buyer,
        kind="assessment",
        item=world["source"],
        actor=supplier_a_user,
    )
    assert offered_answers(world["round_b"]) == {supplier_a.pk: share}
    from tests.followup.factories import QuestionFactory

    QuestionFactory(questionnaire=world["round_b"].questionnaire, order=2)  # a criterion A never asked
    assert offered_answers(world["round_b"]) == {}
    world["round_b"].questionnaire.questions.get(order=2).delete()
    services.share_withdraw(share=share, actor=supplier_a_user)
    assert offered_answers(world["round_b"]) == {}


def test_the_manager_may_read_but_not_accept(client, world, supplier_a, supplier_a_user, other_buyer):
    from tests import factories as f

    manager = f.UserFactory(role="manager")
    f.BuyerMembershipFactory(user=manager, buyer=other_buyer)
    services.share_create(
        supplier=supplier_a, buyer=other_buyer, kind="assessment", item=world["source"], actor=supplier_a_user
    )
    reader = client_for(client, manager)
    assert reader.post(reverse("sharing:accept", args=[world["target"].public_id])).status_code == 403
    assert Assessment.objects.get(pk=world["target"].pk).status == Assessment.Status.NOT_STARTED


def test_the_supplier_page_shows_every_kind_of_share_without_a_query_per_share(
    client, world, supplier_a, supplier_a_user, other_buyer, other_officer
):
    """The panel reads what it shows of each share in its one statement: the page asks the
    database as often with three shares as with one."""
    officer = client_for(client.__class__(), other_officer)
    items = {"assessment": world["source"], "evidence": world["evidence"], "cmrt": world["cmrt"]}
    shares = {
        kind: services.share_create(supplier=supplier_a, buyer=other_buyer, kind=kind, item=item, actor=supplier_a_user)
        for kind, item in items.items()
    }
    url = supplier_a.get_absolute_url()
    officer.get(url)  # what a process asks once (cached lookups) is not counted below
    with CaptureQueriesContext(connection) as three:
        page = officer.get(url).content.decode()
    panel = page.split('id="shared-with-us"', 1)[1].split("</section>", 1)[0]
    assert f"Self-assessment: {world['source'].round.questionnaire.title}" in panel
    assert world["evidence"].title in panel and f"CMRT {world['cmrt'].template_version}" in panel
    assert panel.count('badge text-bg-info">Shared with you') == 3
    for kind in ("evidence", "cmrt"):
        services.share_withdraw(share=shares[kind], actor=supplier_a_user)
    with CaptureQueriesContext(connection) as one:
        panel = officer.get(url).content.decode().split('id="shared-with-us"', 1)[1].split("</section>", 1)[0]
    assert panel.count('badge text-bg-info">Shared with you') == 1
    assert len(three) == len(one)
