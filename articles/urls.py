from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("upload/image/", views.image_upload, name="image_upload"),
    path("articles/word/", views.word_create, name="word_create"),
    path("articles/<int:pk>/word/", views.word_import, name="word_import"),
]
