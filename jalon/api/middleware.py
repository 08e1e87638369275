from django.conf import settings

PREFIX = "/api/v1/"


class ApiVersionMiddleware:
    """Every answer under /api/v1/ says the API's version (the schema's info.version)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PREFIX):
            response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
        return response
