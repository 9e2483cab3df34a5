from django.urls import path

from opuss.guardians import public_views, views

app_name = "guardians"

urlpatterns = [
    # The guardian's page: no account, the signed link is the key.
    path("reponse/<str:token>/", public_views.answer, name="answer"),
    path("as/<str:code>/responsables/", views.association_page, name="association"),
    path("as/<str:code>/responsables/renvoyer/", views.resend_all, name="resend_all"),
    path("as/<str:code>/responsables/<int:licence_pk>/renvoyer/", views.resend, name="resend"),
    path("as/<str:code>/responsables/<int:licence_pk>/papier/", views.paper, name="paper"),
    path("responsables/", views.staff_rates, name="staff"),
]
