"""factory_boy factories for every model the tests need. Valid data by default."""

import datetime

import factory
from django.utils import timezone

from contracts.models import Award, Buyer, BuyerMembership, CityEntity, FrameworkAgreement, Lot
from criteria.models import Criterion, CriterionVersion
from oslo_procurement.accounts.models import User
from suppliers.models import Contact, Evidence, Invitation, Site, Supplier, SupplierMembership
from suppliers.validators import org_number_check_digit

PASSWORD = "correct-horse-battery-staple"


def valid_org_number(n):
    """The n-th valid Norwegian organisation number starting with 9."""
    base = 91000000 + n
    while True:
        digits = str(base)
        check = org_number_check_digit(digits)
        if check is not None:
            return digits + str(check)
        base += 1_000_000  # step past the one invalid case without colliding with later n


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    role = User.Role.OFFICER
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    name = factory.Sequence(lambda n: f"Municipality {n}")
    org_number = factory.Sequence(lambda n: valid_org_number(500000 + n))


class BuyerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuyerMembership

    user = factory.SubFactory(UserFactory)
    buyer = factory.SubFactory(BuyerFactory)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    legal_name = factory.Sequence(lambda n: f"Supplier {n:04d} AS")
    org_number = factory.Sequence(lambda n: valid_org_number(n))
    country = "NO"
    role = Supplier.Role.RESELLER


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@supplier.example")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Factory {n}")
    city = "Shenzhen"
    country = "CN"
    stage = "final_assembly"
    products = "notebooks"


class SupplierMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierMembership

    user = factory.SubFactory(UserFactory, role=User.Role.SUPPLIER)
    supplier = factory.SubFactory(SupplierFactory)


class CityEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityEntity

    buyer = factory.SubFactory(BuyerFactory)
    name = factory.Sequence(lambda n: f"City entity {n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkAgreement

    buyer = factory.SubFactory(BuyerFactory)
    # Above the references tests write by hand ("2026/0001"): no clash in whatever order they run.
    reference = factory.Sequence(lambda n: f"2026/{n + 5000:04d}")
    title = "PCs, thin clients, monitors and tablets"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2028, 12, 31)
    status = FrameworkAgreement.Status.ACTIVE


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "PCs and laptops"
    category = "pcs"
    risk_raw_material = "very_high"
    risk_component = "very_high"
    risk_final_assembly = "high"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    agreement = factory.SubFactory(AgreementFactory)
    supplier = factory.SubFactory(SupplierFactory)
    signed_on = datetime.date(2026, 1, 1)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    code = factory.Sequence(lambda n: f"T-{n:03d}")
    kind = Criterion.Kind.CONTRACT_CLAUSE
    oecd_step = 1


class CriterionVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionVersion

    criterion = factory.SubFactory(CriterionFactory)
    version = 1
    status = CriterionVersion.Status.ACTIVE
    title_nb = "Menneskerettigheter i leverandørkjeden"
    title_en = "Human rights in the supply chain"
    text_nb = "Leverandøren skal respektere grunnleggende menneskerettigheter."
    text_en = "The supplier shall respect basic human rights."
    effective_from = datetime.date(2025, 1, 1)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    supplier = factory.SubFactory(SupplierFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@supplier.example")
    full_name = factory.Faker("name")
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    supplier = factory.SubFactory(SupplierFactory)
    kind = Evidence.Kind.TCO
    title = "TCO Certified, generation 10"
    issuer = "TCO Development"
    valid_from = datetime.date(2025, 1, 1)
    valid_to = datetime.date(2027, 12, 31)
    url = "https://tco.example/certificates/123"


def relate(buyer, supplier):
    """Give the buyer a relation with the supplier (an award), so its staff may read the
    supplier's evidence and CMRT reports (suppliers.access, the one reading rule)."""
    return AwardFactory(agreement=AgreementFactory(buyer=buyer), supplier=supplier)
