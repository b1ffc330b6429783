from django.urls import path

from . import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("sites/<uuid:public_id>/", portal_views.portal_site_detail, name="site_detail"),
    path("invitation/<str:token>/", portal_views.accept_invitation, name="invitation"),
    path("contacts/new/", portal_views.contact_create, name="contact_create"),
    path("contacts/<uuid:public_id>/edit/", portal_views.contact_edit, name="contact_edit"),
    path("sites/new/", portal_views.site_create, name="site_create"),
    path("sites/<uuid:public_id>/edit/", portal_views.site_edit, name="site_edit"),
    path("evidence/", portal_views.evidence_list, name="evidence_list"),
    path("evidence/new/", portal_views.evidence_create, name="evidence_create"),
    path("evidence/<uuid:public_id>/edit/", portal_views.evidence_edit, name="evidence_edit"),
    path("evidence/<uuid:public_id>/archive/", portal_views.evidence_archive, name="evidence_archive"),
    path("evidence/<uuid:public_id>/download/", portal_views.evidence_download, name="evidence_download"),
]
