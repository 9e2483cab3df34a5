from django.urls import path

from opuss.guardians import correction_views, public_views, views

app_name = "guardians"

urlpatterns = [
    # The guardian's page: no account, the signed link is the key.
    path("reponse/<str:token>/", public_views.answer, name="answer"),
    path("as/<str:code>/responsables/", views.association_page, name="association"),
    path("as/<str:code>/responsables/renvoyer/", views.resend_all, name="resend_all"),
    path("as/<str:code>/responsables/<int:licence_pk>/renvoyer/", views.resend, name="resend"),
    path("as/<str:code>/responsables/<int:licence_pk>/papier/", views.paper, name="paper"),
    path("responsables/", views.staff_rates, name="staff"),
    path("responsables/corrections/", correction_views.correction_list, name="corrections"),
    path(
        "responsables/corrections/<int:pk>/",
        correction_views.correction_detail,
        name="correction",
    ),
    path(
        "responsables/corrections/<int:pk>/traitee/",
        correction_views.correction_handle,
        name="correction_handle",
    ),
]
