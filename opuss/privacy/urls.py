from django.urls import path

from opuss.privacy import views

app_name = "privacy"

urlpatterns = [
    path("donnees-personnelles/", views.notice, name="notice"),
    # The pupil's own data: no id in the address, the account says whose.
    path("licencies/mon-espace/mes-donnees/", views.pupil_page, name="pupil_page"),
    path("licencies/mon-espace/mes-donnees/json/", views.pupil_json, name="pupil_json"),
    path("licencies/mon-espace/mes-donnees/pdf/", views.pupil_pdf, name="pupil_pdf"),
    # The guardian's: the signed link of the validation is the key.
    path("reponse/<str:token>/donnees/json/", views.guardian_json, name="guardian_json"),
    path("reponse/<str:token>/donnees/pdf/", views.guardian_pdf, name="guardian_pdf"),
]
