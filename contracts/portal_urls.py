from django.urls import path

from . import portal_views

app_name = "portal_factories"

urlpatterns = [
    path("", portal_views.factory_list, name="list"),
    path("<uuid:public_id>/withdraw/", portal_views.factory_withdraw, name="withdraw"),
]
