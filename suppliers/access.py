"""The one way views reach supplier data. Staff helpers check the role; portal helpers
scope every lookup to the user's own organisation, so another supplier's id gives 404.

**Who reads a supplier's files and answers** (the one rule, README "Tenancy"): the supplier
registry is shared by every buyer of the installation, but a buyer's staff read a
supplier's evidence and CMRT reports only when the buyer has a *relation* with the
supplier (an award, a reporting round, a market-dialogue invitation, a finding raised
with it, a corrective action), or when the supplier has *shared* that item with the
buyer from the portal. Self-assessments are read by the buyer whose round asked for them,
and by a buyer the supplier shared one with. Screens, downloads, PDFs and the API all call
the functions below (``evidence_scope``, ``cmrt_scope``, ``shared_ids``, ``staff_buyer_ids``).

suppliers imports no other domain app, so the buyers' side registers what it knows from
its AppConfig.ready(), as suppliers/panels.py does: ``register_buyer_lookup`` (the staff
user's buyer), ``register_relation`` (the suppliers related to some buyers, a subquery),
``register_shared`` (the items a supplier shared with some buyers, a subquery). Every
function builds subqueries only: one query whatever the number of buyers and suppliers."""

from uuid import UUID

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from oslo_procurement.accounts.access import deny, require_staff
from oslo_procurement.compiled import compiled_first, compiled_get_or_404, compiled_queryset

from .models import CmrtReport, Contact, Evidence, Invitation, Site, Supplier, SupplierMembership

# --- The rule ---------------------------------------------------------------------------------

# What a supplier can share with a buyer; the keys of ``register_shared``.
SHARED_KINDS = ("assessment", "cmrt", "evidence")

_buyer_lookup = {}
_relations = []
_shared = {}


def register_buyer_lookup(func):
    """``func(request)`` returns the id of the buyer the staff user works for, or None."""
    _buyer_lookup["func"] = func
    return func


def register_relation(func):
    """``func(buyer_ids)`` returns a queryset of ``supplier`` ids (``.values("supplier")``)
    related to those buyers (to any buyer when ``buyer_ids`` is None)."""
    _relations.append(func)
    return func


def register_shared(kind, ids, dates):
    """``ids(buyer_ids)`` returns a queryset of the ids of the items of ``kind`` (one of
    SHARED_KINDS) that suppliers share, now, with those buyers; ``dates(buyer_ids,
    item_ids)`` returns ``{item id: when it was shared}`` (one query), so a screen marks
    what it shows as shared, with its date."""
    _shared[kind] = (ids, dates)


def staff_buyer_ids(request):
    """The buyer ids whose reading rights the logged-in staff user has: their buyer, or
    none (a staff account without a buyer reads no supplier's files)."""
    func = _buyer_lookup.get("func")
    buyer_id = func(request) if func else None
    return [buyer_id] if buyer_id is not None else []


def related_supplier_q(buyer_ids, field="pk"):
    """A Q on ``field`` (a supplier id field): suppliers related to one of the buyers."""
    q = Q(pk__in=[])
    if not buyer_ids:
        return q
    for func in _relations:
        q |= Q(**{f"{field}__in": func(buyer_ids)})
    return q


def shared_ids(buyer_ids, kind):
    """A subquery of the ids of ``kind`` items shared with one of the buyers (None when
    no app registered the kind)."""
    funcs = _shared.get(kind)
    if not buyer_ids or funcs is None:
        return None
    return funcs[0](buyer_ids)


def mark_shared(buyer_ids, kind, items):
    """Set ``shared_at`` on each item: when its supplier shared it with the buyer, or None."""
    items = list(items)
    funcs = _shared.get(kind)
    dates = funcs[1](buyer_ids, [item.pk for item in items]) if funcs and buyer_ids and items else {}
    for item in items:
        item.shared_at = dates.get(item.pk)
    return items


def _shared_q(buyer_ids, kind, field="pk"):
    ids = shared_ids(buyer_ids, kind)
    return Q(pk__in=[]) if ids is None else Q(**{f"{field}__in": ids})


def evidence_scope(buyer_ids):
    """A Q on Evidence: what those buyers' staff may read. The file of a shared CMRT is
    readable with its report."""
    return (
        related_supplier_q(buyer_ids, "supplier")
        | _shared_q(buyer_ids, "evidence")
        | _shared_q(buyer_ids, "cmrt", "cmrt_report")
    )


def cmrt_scope(buyer_ids):
    """A Q on CmrtReport: what those buyers' staff may read."""
    return related_supplier_q(buyer_ids, "supplier") | _shared_q(buyer_ids, "cmrt")


def cmrt_upload_scope(buyer_ids):
    """A Q on CmrtUpload: the uploads still being read (or refused) that those buyers' staff
    may follow: a relation with the supplier (a share is of a report, not of an upload)."""
    return related_supplier_q(buyer_ids, "supplier")


def assessment_scope(buyer_ids):
    """A Q on followup's Assessment: the buyers' own rounds, and the self-assessments
    shared with them."""
    return Q(round__agreement__buyer__in=buyer_ids) | _shared_q(buyer_ids, "assessment")


def assessment_review_scope(buyer_ids):
    """A Q on followup's Assessment: those whose review (verdict, its comment, the internal
    note, the scores) the buyers' staff read: their own rounds' only. A self-assessment
    shared with a buyer is read without the review of the buyer that asked for it, and
    nothing, a filter included, may tell it."""
    return Q(round__agreement__buyer__in=buyer_ids)


def _related_row(buyer, supplier):
    return Supplier.objects.filter(related_supplier_q([buyer]), pk=supplier.pk).values_list("pk")[:1]


def is_related(buyer_ids, supplier):
    if len(buyer_ids) == 1:  # a staff user's buyer: the SQL compiled once per process
        return bool(compiled_queryset("suppliers.is_related", _related_row, buyer=buyer_ids[0], supplier=supplier))
    return Supplier.objects.filter(related_supplier_q(buyer_ids), pk=supplier.pk).exists()


def is_related_to_user(request, supplier):
    """is_related for the staff user's buyer, asked once per request and supplier (the
    supplier page's evidence note and its CMRT panel both show it)."""
    answers = request.__dict__.setdefault("_suppliers_related", {})
    if supplier.pk not in answers:
        answers[supplier.pk] = is_related(staff_buyer_ids(request), supplier)
    return answers[supplier.pk]


def registry_writable_q(buyer_ids):
    """A Q on Supplier: whose registry record (facts, contacts, sites, portal users,
    invitations) the buyers' officers may change: suppliers related to them, and suppliers
    related to no buyer yet (registered for a tender). A supplier related only to other
    buyers is theirs to change."""
    q = related_supplier_q(buyer_ids)
    unrelated = Q()
    for func in _relations:
        unrelated &= ~Q(pk__in=func(None))
    return q | unrelated


def require_registry_write(request, supplier):
    """404 when the staff user's buyer may not change the supplier's registry record."""
    if not Supplier.objects.filter(registry_writable_q(staff_buyer_ids(request)), pk=supplier.pk).exists():
        raise Http404("The supplier's record is another buyer's to change.")
    return supplier


def get_registry_supplier_for_user(request, public_id, *, write=True):
    """The supplier whose registry record the user is about to change (see registry_writable_q)."""
    supplier = get_supplier_for_user(request, public_id, write=write)
    return require_registry_write(request, supplier) if write else supplier


def readable_evidence(request, supplier=None):
    """The evidence the staff user may read (of one supplier when given)."""
    qs = Evidence.objects.filter(evidence_scope(staff_buyer_ids(request)))
    return qs.filter(supplier=supplier) if supplier is not None else qs


def readable_cmrt_reports(request, supplier=None):
    qs = CmrtReport.objects.filter(cmrt_scope(staff_buyer_ids(request)))
    return qs.filter(supplier=supplier) if supplier is not None else qs


def require_related(request, supplier):
    """A write on a supplier's files (an officer uploading its CMRT) needs a relation:
    404 for a buyer without one, as if the files were not there."""
    if not is_related(staff_buyer_ids(request), supplier):
        raise Http404("No relation with this supplier.")


# --- Access helpers ---------------------------------------------------------------------------


def get_supplier_for_user(request, public_id, *, write=False):
    require_staff(request, write=write)
    if type(public_id) is not UUID:
        return get_object_or_404(Supplier, public_id=public_id)
    # The same lookup on every supplier page: its SQL compiled once per process.
    return compiled_get_or_404(
        "suppliers.supplier", lambda public_id: Supplier.objects.filter(public_id=public_id), public_id=public_id
    )


def _registry_child(request, queryset, public_id, write):
    require_staff(request, write=write)
    if write:
        queryset = queryset.filter(supplier__in=Supplier.objects.filter(registry_writable_q(staff_buyer_ids(request))))
    return get_object_or_404(queryset, public_id=public_id)


def get_contact_for_user(request, public_id, *, write=False):
    return _registry_child(request, Contact.objects.select_related("supplier"), public_id, write)


def get_site_for_user(request, public_id, *, write=False):
    return _registry_child(request, Site.objects.select_related("supplier"), public_id, write)


def get_membership_for_user(request, public_id, *, write=False):
    """A supplier's portal user, reached through their membership (users have no public id)."""
    return _registry_child(request, SupplierMembership.objects.select_related("supplier", "user"), public_id, write)


def get_invitation_for_user(request, public_id, *, write=False):
    return _registry_child(request, Invitation.objects.select_related("supplier"), public_id, write)


def supplier_of(user):
    """The active supplier organisation a supplier user belongs to, or None. The one rule
    for the portal and for an API token (oslo_procurement/api/permissions.py)."""
    # Read on every portal page: its SQL compiled once per process (oslo_procurement.compiled).
    membership = compiled_first(
        "suppliers.supplier_of",
        lambda user: (
            SupplierMembership.objects.select_related("supplier")
            .filter(user=user, supplier__archived_at__isnull=True)
            .order_by("pk")[:1]
        ),
        user=user,
    )
    return membership.supplier if membership is not None else None


def get_portal_supplier(request):
    """The supplier organisation of the logged-in supplier user."""
    if not request.user.is_supplier_user:
        deny(request, "portal page")
    supplier = supplier_of(request.user)
    if supplier is None:
        raise Http404("No active supplier organisation for this user.")
    return supplier


def get_portal_site(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(Site.objects.select_related("supplier"), public_id=public_id, supplier=supplier)


def get_evidence_for_user(request, public_id, *, write=False):
    """Evidence the staff user's buyer may read by the rule above; 404 otherwise."""
    require_staff(request, write=write)
    return get_object_or_404(
        Evidence.objects.select_related("supplier").filter(evidence_scope(staff_buyer_ids(request))),
        public_id=public_id,
    )


def get_portal_evidence(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(Evidence.objects.select_related("supplier"), public_id=public_id, supplier=supplier)


def get_portal_contact(request, public_id):
    supplier = get_portal_supplier(request)
    return get_object_or_404(Contact.objects.select_related("supplier"), public_id=public_id, supplier=supplier)
