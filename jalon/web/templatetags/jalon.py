from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from jalon.reporting.choices import ExecutionLevel, Keyword
from jalon.reporting.todo import FINDINGS

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
def paragraphs(text):
    return [p for p in (text or "").split("\n\n") if p.strip()]


@register.simple_tag
def keyword_label(keyword):
    return Keyword(keyword).label if keyword else ""


@register.simple_tag
def finding_label(rule):
    return FINDINGS.get(rule, rule)
