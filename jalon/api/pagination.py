"""Pages of the API's lists: `?page=` and `?page_size=` (at most MAX_PAGE_SIZE)."""

from rest_framework import pagination, serializers

MAX_PAGE_SIZE = 1000
CLAMPED_HEADER = "Page-Size-Clamped"


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers with a `page_size` parameter. A size above MAX_PAGE_SIZE is
    served as MAX_PAGE_SIZE and the response says so in the Page-Size-Clamped header;
    a size that is not a whole number from 1 up is refused (400)."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    clamped = False

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or int(value) < 1:
            raise serializers.ValidationError(
                {"page_size": f"a whole number from 1 to {MAX_PAGE_SIZE}"}
            )
        self.clamped = int(value) > MAX_PAGE_SIZE
        return min(int(value), MAX_PAGE_SIZE)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.clamped:
            response[CLAMPED_HEADER] = str(MAX_PAGE_SIZE)
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page (default {self.page_size}, at most {MAX_PAGE_SIZE}: a "
                    f"larger value is served as {MAX_PAGE_SIZE}, with a {CLAMPED_HEADER} header)."
                )
                parameter["schema"].update(minimum=1)
        return parameters
