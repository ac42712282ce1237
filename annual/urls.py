from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("ny/", views.report_create_view, name="create"),
    path("<int:pk>/", views.report_detail_view, name="detail"),
    path("<int:pk>/pdf/", views.pdf_view, name="pdf"),
    path("<int:pk>/pdf/bestall/", views.pdf_order_view, name="pdf_order"),
    path("<int:pk>/pdf/status/", views.pdf_status_view, name="pdf_status"),
    path("<int:pk>/forhandsgranska.pdf", views.preview_pdf_view, name="preview_pdf"),
    path("<int:pk>/avsnitt/ny/", views.section_add_view, name="section_add"),
    path("<int:pk>/avsnitt/<int:section_pk>/", views.section_edit_view, name="section_edit"),
    path("<int:pk>/avsnitt/<int:section_pk>/versioner/", views.section_history_view, name="section_history"),
    path("<int:pk>/arende/", views.case_set_view, name="case_set"),
    path("<int:pk>/aktiviteter/", views.activities_view, name="activities"),
    path("<int:pk>/aktiviteter/<int:activity_pk>/", views.activities_view, name="activity_edit"),
    path("<int:pk>/aktiviteter/<int:activity_pk>/ta-bort/", views.activity_delete_view, name="activity_delete"),
    path("<int:pk>/beslut/", views.decide_view, name="decide"),
    path("<int:pk>/rattelse/", views.correct_view, name="correct"),
]
