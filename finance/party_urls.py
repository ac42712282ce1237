from django.urls import path

from . import party_views

app_name = "party"
urlpatterns = [
    path("", party_views.portal_view, name="portal"),
    path("faktura/<int:pk>/", party_views.party_invoice_view, name="invoice"),
    path("faktura/<int:pk>/pdf/", party_views.party_invoice_pdf_view, name="invoice_pdf"),
    path("export.csv", party_views.export_csv_view, name="export_csv"),
    path("export.xlsx", party_views.export_xlsx_view, name="export_xlsx"),
]
