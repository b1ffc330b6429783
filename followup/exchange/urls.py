from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.home, name="home"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<uuid:public_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<uuid:public_id>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<uuid:public_id>/archive/", views.partner_archive, name="partner_archive"),
    path("partners/<uuid:public_id>/restore/", views.partner_restore, name="partner_restore"),
    path("partners/<uuid:public_id>/share/", views.partner_share, name="partner_share"),
    path("partners/<uuid:public_id>/export.json", views.export_json, name="export_json"),
    path("partners/<uuid:public_id>/export.csv", views.export_csv, name="export_csv"),
    path("partners/<uuid:public_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("consents/<uuid:public_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("shared/<uuid:public_id>/decide/", views.shared_decide, name="shared_decide"),
    path("shared-suppliers/<uuid:public_id>/resolve/", views.shared_supplier_resolve, name="shared_supplier_resolve"),
    path("suppliers/<uuid:public_id>/", views.supplier_shared, name="supplier_shared"),
    path("ocds/release-package.json", views.ocds_export, name="ocds_export"),
    path("ocds/agreements/<uuid:public_id>.json", views.ocds_agreement, name="ocds_agreement"),
    # Public: the exchange file's JSON Schema and the OCDS extension, for partners and validators.
    path("schema/v1.json", views.schema_v1, name="schema_v1"),
    # Public open data: the agreements each buyer marks "publish as open data" (README "Open data").
    path("ocds/open/", views.ocds_open_index, name="ocds_open_index"),
    path("ocds/open/buyers/<uuid:public_id>.json", views.ocds_open_buyer, name="ocds_open_buyer"),
    path("ocds/open/agreements/<uuid:public_id>.json", views.ocds_open_agreement, name="ocds_open_agreement"),
    path("ocds/extension.json", views.ocds_extension_file, {"name": "extension.json"}, name="ocds_extension"),
    path(
        "ocds/release-schema.json",
        views.ocds_extension_file,
        {"name": "release-schema.json"},
        name="ocds_extension_schema",
    ),
    path("ocds/README.md", views.ocds_extension_file, {"name": "README.md"}, name="ocds_extension_readme"),
    *[
        path(f"ocds/codelists/{name}", views.ocds_extension_file, {"name": name}, name=f"ocds_codelist_{name[:-4]}")
        for name in views.CODELISTS
    ],
]
