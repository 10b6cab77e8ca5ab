from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
]
