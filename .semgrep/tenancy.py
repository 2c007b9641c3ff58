# Examples for `semgrep --test`: what the tenancy rule refuses in a view, and what it allows.
from django.shortcuts import get_object_or_404

from casereview.applications.models import Application, Letter
from casereview.partnerships.models import Agency, Partnership


def detail(request, reference):
    # ruleid: casereview-views-query-partnership-owned-models-through-selectors
    return Application.objects.get(reference=reference)


def letters(request):
    # ruleid: casereview-views-query-partnership-owned-models-through-selectors
    return list(Letter.objects.all())


def by_key(request, pk):
    # ruleid: casereview-views-query-partnership-owned-models-through-selectors
    return get_object_or_404(Application, pk=pk)


def by_reference(request, reference):
    # ruleid: casereview-views-query-partnership-owned-models-through-selectors
    return Application.objects.filter(reference=reference).first()


def scoped(request, application):
    # ok: casereview-views-query-partnership-owned-models-through-selectors
    agencies = Agency.objects.filter(partnership_id=application.partnership_id, active=True)
    # ok: casereview-views-query-partnership-owned-models-through-selectors
    sent = Letter.objects.filter(application=application).first()
    # ok: casereview-views-query-partnership-owned-models-through-selectors
    counted = Application.objects.filter(partnership=application.partnership).count()
    return agencies, sent, counted


def tenant(request, slug):
    # The partnership is the tenant itself, not a row it owns.
    # ok: casereview-views-query-partnership-owned-models-through-selectors
    return get_object_or_404(Partnership, slug=slug)
