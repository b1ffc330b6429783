from django.urls import path

from . import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("sites/<uuid:public_id>/", portal_views.portal_site_detail, name="site_detail"),
    path("invitation/<str:token>/", portal_views.accept_invitation, name="invitation"),
]
