from django.contrib.auth.views import redirect_to_login
from wagtail import hooks


@hooks.register("before_serve_document")
def documents_are_for_logged_in_employees(document, request):
    """Documents (toolkits, posters, transcripts) are internal, like every page of the site."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None
