from django.urls import path

from . import team_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("smelters/<str:cid>/note/", views.smelter_note, name="smelter_note"),
    path("suppliers/<uuid:public_id>/note/", views.supplier_note, name="supplier_note"),
    path("responsible-officer/<uuid:public_id>/", views.supplier_officer_edit, name="supplier_officer"),
    path("new/", views.agreement_create, name="create"),
    path("<uuid:public_id>/", views.agreement_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.agreement_edit, name="edit"),
    path("<uuid:public_id>/archive/", views.agreement_archive, name="archive"),
    path("<uuid:public_id>/restore/", views.agreement_restore, name="restore"),
    path("<uuid:public_id>/factories/", views.agreement_factories, name="factories"),
    path("<uuid:public_id>/lots/new/", views.lot_create, name="lot_create"),
    path("lots/<uuid:public_id>/edit/", views.lot_edit, name="lot_edit"),
    path("lots/<uuid:public_id>/archive/", views.lot_archive, name="lot_archive"),
    path("lots/<uuid:public_id>/restore/", views.lot_restore, name="lot_restore"),
    path("<uuid:public_id>/awards/new/", views.award_create, name="award_create"),
    path("awards/<uuid:public_id>/", views.award_detail, name="award_detail"),
    path("awards/<uuid:public_id>/edit/", views.award_edit, name="award_edit"),
    path("awards/<uuid:public_id>/archive/", views.award_archive, name="award_archive"),
    path("awards/<uuid:public_id>/restore/", views.award_restore, name="award_restore"),
    path("team/", team_views.team, name="team"),
    path("team/invite/", team_views.team_invite, name="team_invite"),
    path("team/invitations/<uuid:public_id>/revoke/", team_views.team_invitation_revoke, name="team_invitation_revoke"),
    path("team/name-and-logo/", team_views.team_branding, name="team_branding"),
    path("join/<str:token>/", team_views.join, name="join"),
    path("buyers/<uuid:public_id>/logo/", team_views.buyer_logo, name="buyer_logo"),
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/new/", views.entity_create, name="entity_create"),
    path("entities/export/", views.entity_export, name="entity_export"),
    path("entities/import/", views.entity_import, name="entity_import"),
    path("entities/import/<uuid:public_id>/", views.entity_import_preview, name="entity_import_preview"),
    path("entities/<uuid:public_id>/", views.entity_detail, name="entity_detail"),
    path("entities/<uuid:public_id>/edit/", views.entity_edit, name="entity_edit"),
    path("entities/<uuid:public_id>/archive/", views.entity_archive, name="entity_archive"),
    path("entities/<uuid:public_id>/restore/", views.entity_restore, name="entity_restore"),
]
