from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("fakturor/", views.invoice_list_view, name="invoice_list"),
    path("fakturor/vidarefakturering/", views.recharge_create_view, name="recharge_create"),
    path("fakturor/<int:pk>/", views.invoice_detail_view, name="invoice_detail"),
    path("fakturor/<int:pk>/skicka/", views.invoice_issue_view, name="invoice_issue"),
    path("fakturor/<int:pk>/betald/", views.invoice_paid_view, name="invoice_paid"),
    path("fakturor/<int:pk>/kreditera/", views.invoice_credit_view, name="invoice_credit"),
    path("fakturor/<int:pk>/ta-bort/", views.invoice_discard_view, name="invoice_discard"),
    path("fakturor/<int:pk>/pdf/", views.invoice_pdf_view, name="invoice_pdf"),
    path("projekt/<int:pk>/fakturera/", views.project_invoice_view, name="project_invoice"),
    path("projekt/<int:pk>/skicka/", views.project_issue_view, name="project_issue"),
    path("reservationer/<int:pk>/anvand/", views.reservation_use_view, name="reservation_use"),
    path("<str:short_name>/reservationer/", views.reservations_view, name="reservations"),
    path("<str:short_name>/ingaende-balans/", views.opening_balance_view, name="opening_balance"),
    path("<str:short_name>/<int:year>/", views.year_view, name="year"),
    path("<str:short_name>/<int:year>/budget/", views.budget_edit_view, name="budget_edit"),
    path("<str:short_name>/<int:year>/utfall/", views.outcome_edit_view, name="outcome_edit"),
    path("<str:short_name>/<int:year>/utfall/berakna/", views.outcome_prefill_view, name="outcome_prefill"),
    path("<str:short_name>/<int:year>/grundbelopp/", views.base_propose_view, name="base_propose"),
    path("<str:short_name>/<int:year>/grundbelopp/skicka/", views.base_issue_all_view, name="base_issue_all"),
]
