from django.shortcuts import get_object_or_404, render

from .models import Incident


def overview(request):
    latest = Incident.objects.published().select_related("location__governorate")[:20]
    return render(request, "incidents/overview.html", {"latest": latest})


def incident_detail(request, pk):
    incident = get_object_or_404(
        Incident.objects.published().select_related("location__governorate"), pk=pk
    )
    return render(request, "incidents/incident_detail.html", {"incident": incident})
