from django.urls import path

from opuss.affiliations import document_views, staff_views, views

app_name = "affiliations"

# The AS's side hangs under its code; the services' side under /affiliations/.
urlpatterns = [
    path("as/<str:code>/affiliation/", views.affiliation_form, name="form"),
    path("as/<str:code>/affiliation/ouvrir/", views.affiliation_start, name="start"),
    path("as/<str:code>/affiliation/transmettre/", views.affiliation_transmit, name="transmit"),
    path("as/<str:code>/affiliation/effectifs/", views.affiliation_enrolment, name="enrolment"),
    path("affiliations/", staff_views.worklist, name="worklist"),
    path("affiliations/<int:pk>/", staff_views.review, name="review"),
    path("affiliations/<int:pk>/renvoyer/", staff_views.send_back, name="send_back"),
    path("affiliations/<int:pk>/affilier/", staff_views.affiliate, name="affiliate"),
    path("affiliations/<int:pk>/banque/", staff_views.bank_details, name="bank_details"),
    path(
        "affiliations/<int:pk>/banque/confirmer/",
        staff_views.bank_password,
        name="bank_password",
    ),
    path("as/<str:code>/affiliation/formulaire.pdf", document_views.form_pdf, name="pdf_form"),
    path(
        "as/<str:code>/affiliation/mandat-sepa.pdf", document_views.mandate_pdf, name="pdf_mandate"
    ),
    path("as/<str:code>/affiliation/facture.pdf", document_views.invoice_pdf, name="pdf_invoice"),
]
