from django.urls import path

from opuss.associations import staff_views, views
from opuss.licences import views as licence_views

app_name = "associations"

urlpatterns = [
    path("", views.association_list, name="list"),
    # Before "<str:code>/": "nouvelle" is not an AS code.
    path("nouvelle/", staff_views.association_create, name="create"),
    path("<str:code>/", views.association_detail, name="detail"),
    path("<str:code>/licencies/", licence_views.association_licences, name="licences"),
    # The services' management of an AS: district (SD, SR, DN), e-mail (SR, DN).
    path("<str:code>/gestion/", staff_views.association_manage, name="manage"),
    path(
        "<str:code>/gestion/district/", staff_views.association_move_district, name="move_district"
    ),
    path("<str:code>/gestion/email/", staff_views.association_change_email, name="change_email"),
]
