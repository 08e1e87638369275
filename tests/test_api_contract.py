"""The API's contract with generated clients: JSON in, text written in the shape it is
read, one error shape, the version header, rate limits."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

API = "/api/v1"


def client_for(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def send(user, method, url, data):
    return getattr(client_for(user), method)(
        f"{API}{url}", json.dumps(data), content_type="application/json"
    )


def i8(user):
    """I.8's status at the open round, as read."""
    reports = client_for(user).get(f"{API}/status-reports/",
                                   {"session": "CTP-245-246", "activity": "I.8"})  # fmt: skip
    return reports.json()["results"][0]


def test_a_status_written_as_fr_and_en_reads_back_identically(people):
    alice = people["alice"]
    text = {"fr": "Achevé en octobre 2024.", "en": "Completed in October 2024."}
    created = send(alice, "post", "/status-reports/",
                   {"activity": "I.8", "session": "CTP-245-246", "text": text,
                    "version": i8(alice)["version"]})  # fmt: skip
    assert created.status_code == 201, created.content
    assert created.json()["text"] == text
    assert "Deprecation" not in created
    assert i8(people["bob"])["text"] == text


def test_a_missing_language_is_kept_and_null_clears_it(people):
    alice = people["alice"]
    report = i8(alice)
    url = f"/status-reports/{report['id']}/"
    both = {"fr": "Achevé.", "en": "Completed."}
    written = send(alice, "patch", url, {"text": both, "version": report["version"]}).json()
    kept = send(alice, "patch", url, {"text": {"en": "Done."}, "version": written["version"]})
    assert kept.json()["text"] == {"fr": "Achevé.", "en": "Done."}  # French left as it is
    cleared = send(alice, "put", url, {"text": {"en": None}, "version": kept.json()["version"]})
    assert cleared.status_code == 200
    assert cleared.json()["text"] == {"fr": "Achevé."}  # a missing translation is absent
    # null, not the string "None": JSON keeps it
    keyword = send(alice, "patch", url, {"keyword": None, "version": cleared.json()["version"]})
    assert keyword.status_code == 200 and keyword.json()["keyword"] is None


def test_the_old_text_and_lang_form_still_works_and_says_it_is_deprecated(people):
    alice = people["alice"]
    report = i8(alice)
    written = send(alice, "patch", f"/status-reports/{report['id']}/",
                   {"text": {"fr": "Achevé."}, "version": report["version"]}).json()  # fmt: skip
    old = send(alice, "post", "/status-reports/", {"activity": "I.8", "session": "CTP-245-246",
                                                   "text": "Completed.", "lang": "en",
                                                   "version": written["version"]})  # fmt: skip
    assert old.status_code == 201
    assert old.json()["text"] == {"fr": "Achevé.", "en": "Completed."}  # French kept
    assert old["Deprecation"].startswith("@") and 'rel="deprecation"' in old["Link"]


@pytest.mark.parametrize(
    "text, field",
    [
        ({"de": "Erledigt."}, "text"),
        ({"fr": 3}, "text"),
        (["Achevé."], "text"),
        ({"fr": "x" * 20001}, "text"),
    ],
)
def test_bad_text_is_refused_with_the_field_named(people, text, field):
    answer = send(people["alice"], "post", "/status-reports/",
                  {"activity": "I.8", "session": "CTP-245-246", "text": text})  # fmt: skip
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid" and field in body["fields"]
    assert body["detail"].startswith(f"{field}: ")


def test_lang_without_the_string_form_is_refused(people):
    data = {"activity": "I.8", "session": "CTP-245-246", "text": {"fr": "Achevé."}, "lang": "fr"}
    answer = send(people["alice"], "post", "/status-reports/", data)
    assert answer.status_code == 400 and "lang" in answer.json()["fields"]


def test_the_api_reads_json_only(people):
    form = client_for(people["alice"]).post(
        f"{API}/status-reports/", {"activity": "I.8", "session": "CTP-245-246", "keyword": "None"}
    )
    assert form.status_code == 415
    assert form.json() == {
        "code": "unsupported_media_type",
        "detail": 'Unsupported media type "multipart/form-data; boundary=BoUnDaRyStRiNg" '
        "in request.",
    }


@pytest.mark.parametrize(
    "url",
    ["/activities/I.99/", "/sessions/CTP-1-2/", "/status-reports/999999/",
     "/programmes/XYZ-2000-2001/", "/activities/?programme=XYZ-2000-2001",
     "/activities/?session=CTP-1-2", "/exports/odt/", "/nowhere/"],
)  # fmt: skip
def test_every_404_has_the_same_shape(people, url):
    answer = client_for(people["bob"]).get(f"{API}{url}")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    body = answer.json()
    assert set(body) == {"code", "detail"} and body["code"] == "not_found"
    assert isinstance(body["detail"], str) and body["detail"]


def test_errors_say_what_and_why(people):
    anonymous = Client().get(f"{API}/activities/")
    assert anonymous.json() == {
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }
    member = send(people["bob"], "post", "/sessions/", {"id": "CTP-247-248"})
    assert member.json()["code"] == "permission_denied"


def test_every_answer_says_the_api_version(people):
    for url in ("/activities/", "/nowhere/", "/schema/"):
        assert client_for(people["bob"]).get(f"{API}{url}")["API-Version"] == "1.0.0"


def test_a_token_over_its_roles_rate_gets_429_with_retry_after(people, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"member": "3/minute", "secretariat": "5/minute"},
    }
    bob, alice = client_for(people["bob"]), client_for(people["alice"])
    assert [bob.get(f"{API}/sessions/").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = bob.get(f"{API}/sessions/")
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    # The Secretariat's rate is its own, and counts per token.
    assert [alice.get(f"{API}/sessions/").status_code for _ in range(5)] == [200] * 5
    assert alice.get(f"{API}/sessions/").status_code == 429


def test_every_operation_shows_an_example_that_validates(db):
    from openapi_schema_validator import OAS31Validator

    schema = Client().get(f"{API}/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]

    def validate(example, subschema):
        root = {"components": schema["components"], **subschema}
        OAS31Validator(root, format_checker=OAS31Validator.FORMAT_CHECKER).validate(example)

    def example_of(subschema):
        if "example" in subschema:
            return subschema["example"]
        if "$ref" in subschema:
            return components[subschema["$ref"].rsplit("/", 1)[-1]].get("example")
        if subschema.get("type") == "array":
            item = example_of(subschema["items"])
            return None if item is None else [item]
        return None

    for name, component in components.items():
        if "example" in component:
            validate(component["example"], {"$ref": f"#/components/schemas/{name}"})
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            bodies = [operation.get("requestBody", {}).get("content", {})]
            bodies += [r.get("content", {}) for code, r in operation["responses"].items()]
            for content in bodies:
                json_body = content.get("application/json")
                if json_body is None or json_body["schema"].get("type") == "object":
                    continue  # none, or the interchange export (its own JSON Schema)
                example = example_of(json_body["schema"])
                if example is None:
                    missing.append((method, path))
                else:
                    validate(example, json_body["schema"])
    assert missing == []


def test_ordering_sorts_on_every_key_with_missing_values_last(people):
    bob = client_for(people["bob"])
    url = f"{API}/activities/?section=time_bound&ordering="
    comma = bob.get(url + "priority,-due").json()["results"]
    repeated = bob.get(url + "priority&ordering=-due").json()["results"]
    assert [a["ref"] for a in comma] == [a["ref"] for a in repeated]
    keys = [(a["priority"] is None, a["priority"] or "", "" if a["due"] is None else a["due"])
            for a in comma]  # fmt: skip
    for before, after in zip(keys, keys[1:], strict=False):
        assert before[:2] <= after[:2]  # priority A, B, C, then missing
        if before[:2] == after[:2]:
            assert before[2] >= after[2]  # then the latest due date first
    assert comma[-1]["priority"] is None
    assert bob.get(url + "priority,bogus").status_code == 400
