from django.urls import path

from opuss.finance import views_accounts as views

app_name = "finances"

# The AS's account under its code; the services' list and the accountants' months.
urlpatterns = [
    path("as/<str:code>/finances/", views.association_account, name="association"),
    path("as/<str:code>/finances/releve.pdf", views.association_statement, name="statement"),
    path("finances/as/", views.account_list, name="list"),
    path("finances/comptabilite/", views.accounting_page, name="accounting"),
]
