from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def _todo(request):
    raise NotImplementedError


state = save_position = save_item = clear_history = switch_history = _todo


@never_cache
@login_required
def my_listening(request):
    return render(request, "library/my_listening.html", {})
