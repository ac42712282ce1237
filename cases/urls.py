from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("ga-till/", views.case_goto, name="goto"),
    path("sok/", views.search, name="search"),
    path("registrera/", views.case_register, name="register"),
    path("import/", views.diary_import, name="import"),
    path("arenden/<int:pk>/", views.case_detail, name="detail"),
    path("arenden/<int:pk>/andra/", views.case_edit, name="edit"),
    path("arenden/<int:pk>/status/", views.case_status, name="status"),
    path("arenden/<int:pk>/avsluta/", views.case_close, name="close"),
    path("arenden/<int:pk>/historik/", views.case_history, name="history"),
    path("arenden/<int:pk>/e-diariet/", views.case_publication, name="publication"),
    path("arenden/<int:pk>/handlingar/ny/", views.document_add, name="document_add"),
    path("arenden/<int:pk>/tjansteskrivelse/", views.memo_detail, name="memo_detail"),
    path("arenden/<int:pk>/tjansteskrivelse/redigera/", views.memo_edit, name="memo_edit"),
    path("arenden/<int:pk>/tjansteskrivelse.pdf", views.memo_pdf, name="memo_pdf"),
    path("handlingar/<int:pk>/", views.document_detail, name="document_detail"),
    path("handlingar/<int:pk>/fil/", views.document_download, name="document_download"),
    path("handlingar/<int:pk>/ersatt-fil/", views.document_replace, name="document_replace"),
    path("handlingar/<int:pk>/sekretess/", views.document_secrecy, name="document_secrecy"),
    path("handlingar/<int:pk>/lasare/", views.document_readers, name="document_readers"),
    path("handlingar/<int:pk>/e-diariet/", views.document_ediary, name="document_ediary"),
]
