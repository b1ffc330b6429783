from django.urls import path

from . import portal_views

app_name = "portal_sharing"

urlpatterns = [
    path("", portal_views.sharing_home, name="home"),
    path("<uuid:public_id>/withdraw/", portal_views.share_withdraw, name="withdraw"),
]
