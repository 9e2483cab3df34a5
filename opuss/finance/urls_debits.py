from django.urls import path

from opuss.finance import views_debits

app_name = "debits"

urlpatterns = [
    path("finances/prelevements/", views_debits.batch_list, name="batches"),
    path(
        "finances/prelevements/<str:run_month>/generer/",
        views_debits.batch_generate,
        name="generate",
    ),
    path("finances/prelevements/lots/<int:pk>/fichier/", views_debits.batch_file, name="file"),
    path(
        "finances/prelevements/mot-de-passe/",
        views_debits.confirm_password,
        name="confirm_password",
    ),
]
