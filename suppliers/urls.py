from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("", views.supplier_list, name="list"),
    path("new/", views.supplier_create, name="create"),
    path("export/", views.supplier_export, name="export"),
    path("import/", views.supplier_import, name="import"),
    path("import/<uuid:public_id>/", views.supplier_import_preview, name="import_preview"),
    path("register-lookup/", views.register_lookup, name="register_lookup"),
    path("<uuid:public_id>/", views.supplier_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.supplier_edit, name="edit"),
    path("<uuid:public_id>/archive/", views.supplier_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.supplier_restore, name="restore"),
    path("<uuid:public_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<uuid:public_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<uuid:public_id>/archive/", views.contact_archive, name="contact_archive"),
    path("contacts/<uuid:public_id>/restore/", views.contact_restore, name="contact_restore"),
    path("contacts/<uuid:public_id>/anonymise/", views.contact_anonymise, name="contact_anonymise"),
    path("portal-users/<uuid:public_id>/anonymise/", views.user_anonymise, name="user_anonymise"),
    path("<uuid:public_id>/sites/new/", views.site_create, name="site_create"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/<uuid:public_id>/", views.site_detail, name="site_detail"),
    path("sites/<uuid:public_id>/edit/", views.site_edit, name="site_edit"),
    path("sites/<uuid:public_id>/archive/", views.site_archive, name="site_archive"),
    path("sites/<uuid:public_id>/restore/", views.site_restore, name="site_restore"),
    path("<uuid:public_id>/invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<uuid:public_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("evidence/<uuid:public_id>/download/", views.evidence_download, name="evidence_download"),
]
