import base64

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.rule_labels import RULE_LABELS, SEVERITY_LABELS

register = template.Library()


@register.simple_tag
def level_badge(level):
    """The execution level as colour *and* word (colour is never the only carrier)."""
    if not level:
        return ""
    return format_html('<span class="level level-{}">{}</span>', level,
                       ExecutionLevel(level).label)  # fmt: skip


@register.filter
def in_language(instance, name):
    """A bilingual field in the page's language, else the other one (marked)."""
    lang = "en" if (get_language() or "fr").startswith("en") else "fr"
    other = "fr" if lang == "en" else "en"
    value = getattr(instance, f"{name}_{lang}", "")
    if value:
        return value
    fallback = getattr(instance, f"{name}_{other}", "")
    if not fallback:
        return ""
    return format_html('<span class="untranslated" lang="{}">[{}]</span> {}', other,
                       other.upper(), fallback)  # fmt: skip


@register.filter
def body_label(body):
    """A body (programmes.Body) as the page's language names it: Conseil / Council, not
    its stored code."""
    return body.label("en" if (get_language() or "fr").startswith("en") else "fr")


@register.filter
def paragraphs(text):
    return [p for p in (text or "").split("\n\n") if p.strip()]


@register.simple_tag
def keyword_label(keyword):
    return Keyword(keyword).label if keyword else ""


@register.simple_tag
def finding_label(rule):
    return RULE_LABELS.get(rule, rule)


@register.filter
def severity_label(severity):
    return SEVERITY_LABELS.get(severity, severity)


@register.filter
def status_field_labels(names):
    """The fields of a status the diff names, in the page's language."""
    labels = {"keyword": _("progress keyword"), "execution_level": _("execution level"),
              "text": _("status text")}  # fmt: skip
    return ", ".join(str(labels.get(name, name)) for name in names)


@register.simple_tag
def chart_image(svg: str, description: str):
    """A chart as an image (a data: URI), not inline SVG: the SVG's own styles then stay
    inside the image, where the Content-Security-Policy does not forbid them."""
    if not svg:
        return ""
    data = base64.b64encode(svg.encode()).decode("ascii")
    return format_html('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">',
                       data, description)  # fmt: skip
