import io

from django.apps import apps
from django.core.management import call_command

from contracts.models import FrameworkAgreement
from oslo_procurement.accounts.models import User
from suppliers.models import Site, Supplier


def _counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_seed_demo_twice_gives_the_same_rows_and_prints_the_logins(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first  # history tables included: a second run writes nothing

    text = out.getvalue()
    for email in [
        "officer@demo.oslo.test",
        "manager@demo.oslo.test",
        "admin@demo.oslo.test",
        "kari.nordmann@nordlys-it.example",
        "weiling.chen@tamsui.example",
        "bergen.officer@demo.oslo.test",
    ]:
        # Each login with its password on the same line: copy both from one place.
        line = next(line for line in text.splitlines() if line.strip().startswith(email))
        assert "demo-Oslo-2026" in line
        assert User.objects.get(email=email).check_password("demo-Oslo-2026")
    assert "manage.py demo_codes" in text


def test_seeded_world_is_the_one_the_guide_describes(db):
    call_command("seed_demo", stdout=io.StringIO())
    agreement = FrameworkAgreement.objects.get(reference="UKE-2024/0913")
    assert agreement.buyer.name == "Oslo kommune"
    assert agreement.participating_entities.count() == 50
    assert agreement.lots.count() == 6
    assert set(Supplier.objects.values_list("role", flat=True)) >= {"reseller", "brand_owner", "assembler", "component"}
    assert {"CN", "VN", "TH", "MY", "CZ", "MX"} <= set(Site.objects.values_list("country", flat=True))
    holder = agreement.awards.get(kind="contract_holder", supplier__role="reseller", lots__number=1)
    assert holder.criteria_versions.exists()
    # The seed's changes carry the administrator as actor in the history.
    assert agreement.history.earliest().history_user.email == "admin@demo.oslo.test"


def test_nordlys_shares_its_accepted_answer_with_the_second_buyer(client, db, settings):
    """`make run` shows sharing from both sides: Nordlys's portal lists Bergen as a holder,
    and Bergen's officer (same password, same published two-factor key) reads it."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followup.models import SupplierShare
    from oslo_procurement.accounts.demo import demo_key
    from tests.conftest import client_for

    call_command("seed_demo", stdout=io.StringIO())
    bergen_officer = User.objects.get(email="bergen.officer@demo.oslo.test")
    assert bergen_officer.buyer_membership.buyer.name == "Bergen kommune"
    assert TOTPDevice.objects.get(user=bergen_officer).key == demo_key(bergen_officer.email)
    share = SupplierShare.objects.get(withdrawn_at__isnull=True)
    assert share.buyer.name == "Bergen kommune" and share.supplier.legal_name == "Nordlys IT-Partner AS"
    assert share.assessment.status == "accepted" and share.assessment.round.agreement.buyer.name == "Oslo kommune"

    nordlys = client_for(client, User.objects.get(email="kari.nordmann@nordlys-it.example"))
    holders = nordlys.get(reverse("portal_sharing:home")).content.decode()
    assert "Bergen kommune" in holders and "Egenrapportering våren 2026" in holders
    bergen = client_for(client.__class__(), bergen_officer)
    page = bergen.get(reverse("sharing:assessment", args=[share.public_id]))
    assert page.status_code == 200 and "Nordlys IT-Partner AS" in page.content.decode()
